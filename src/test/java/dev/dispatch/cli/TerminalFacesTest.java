package dev.dispatch.cli;

import static dev.dispatch.provider.ScriptedModelServer.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.config.Dirs;
import dev.dispatch.provider.ScriptedModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The terminal that started the work shows its prompts (ARCHITECTURE.md §1, one engine, many faces):
 * {@code dispatch chat} and {@code dispatch run} as real processes on a real terminal (tmux), against
 * the scripted model server, once hosting the engine themselves and once attached to a running
 * daemon. Every reply, tool line and permission prompt of their agent shows in the pane and prompts
 * are answered inline, with the effect each answer promises. Also: every read-only command works while
 * a full-screen {@code dispatch} session owns the data dir and serves its socket.
 */
@Tag("slow")
class TerminalFacesTest {
    private static final String CHAT_PROMPT = "[o]nce [s]ession [a]lways [d]eny >";
    private static final String RUN_PROMPT = "[o]nce [s]ession [a]lways [d]eny?";

    private Path home;
    private Path project;
    private ScriptedModelServer server;

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createTempDirectory(Path.of("/tmp"), "tf-"); // short: Unix socket paths are limited
        project = Files.createDirectories(home.resolve("project"));
        server = ScriptedModelServer.start();
        Path config = Files.createDirectories(home.resolve("config")).resolve("config.yaml");
        Files.writeString(
                config,
                """
                providers: { scripted: { type: anthropic, base_url: "%s" } }
                keys: [ { id: t, provider: scripted, secret: "%s" } ]
                models: [ { id: fast, provider: scripted, name: claude-scripted } ]
                default_model: fast
                """
                        .formatted(server.baseUrl(), ScriptedModelServer.CANARY_KEY));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        try (var files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void chatHostingTheEngineShowsEveryReplyAndAnswersEachKindOfPromptInline() throws Exception {
        fiveTurnChat("in-process");
    }

    @Test
    void chatAttachedToADaemonShowsEveryReplyAndAnswersEachKindOfPromptInline() throws Exception {
        withDaemon(() -> fiveTurnChat("daemon pid"));
    }

    @Test
    void runOnATerminalAsksInlineAndFinishes() throws Exception {
        Path note = outside("first/note.txt", "first-note-content");
        server.replyToolCalls(call("r1", "read_file", read(note))).replyText("Read the first note.");
        try (TmuxPane run = TmuxPane.start(home, project, 160, 40, "run", "read the note")) {
            run.waitFor("the permission prompt", s -> s.contains(RUN_PROMPT));
            run.type("o");
            assertThat(run.awaitExit())
                    .as("run's exit status; pane:%n%s", run.text())
                    .isZero();
            assertThat(run.text())
                    .contains("› read_file", note.toString(), "Read the first note.")
                    .doesNotContain("permission denied");
        }
        assertThat(sentToModel()).contains("first-note-content");
    }

    /**
     * Attached to a daemon, the prompt read from a file and the answer going to one: the prompts still
     * show on the terminal (not in the file); one is answered inline, the next from another shell, and
     * the run goes on by itself.
     */
    @Test
    void runAttachedToADaemonAsksOnTheTerminalWithItsStdinAndStdoutInFiles() throws Exception {
        Path one = outside("one/note.txt", "one-note-content");
        Path two = outside("two/note.txt", "two-note-content");
        server.replyToolCalls(call("r1", "read_file", read(one)))
                .replyToolCalls(call("r2", "read_file", read(two)))
                .replyText("Read both notes.");
        Path answer = home.resolve("answer.md");
        Path prompt = Files.writeString(home.resolve("prompt.txt"), "read the notes\n");
        withDaemon(() -> {
            try (TmuxPane run =
                    TmuxPane.start(home, project, 160, 40, List.of("run", "-"), "< " + prompt + " > " + answer)) {
                run.waitFor("the first prompt", s -> count(s, RUN_PROMPT) == 1);
                run.type("o");
                String pane = run.waitFor("the second prompt", s -> count(s, RUN_PROMPT) == 2);
                Matcher id = Pattern.compile("request (perm_[A-Za-z0-9_]+)")
                        .matcher(pane.substring(pane.lastIndexOf("permission needed")));
                assertThat(id.find())
                        .as("the prompt names its request id:%n%s", pane)
                        .isTrue();
                var env = new Environment.Snapshot(Map.of("DISPATCH_HOME", home.toString()), project);
                var reply = Environment.with(env, () -> CliHarness.run("permission", "reply", id.group(1), "once"));
                assertThat(reply.exitCode()).as(reply.err()).isZero();
                assertThat(run.awaitExit())
                        .as("run's exit status; pane:%n%s", run.text())
                        .isZero();
                assertThat(run.text()).contains("answered elsewhere").doesNotContain("permission denied");
            }
        });
        assertThat(Files.readString(answer)).isEqualTo("Read both notes.\n");
        assertThat(sentToModel()).contains("one-note-content", "two-note-content");
        assertThat(Files.readString(home.resolve("state/daemon.log")))
                .as("the agent ran in the daemon")
                .contains("/v1/");
    }

    @Test
    void everyReadOnlyCommandWorksWhileAFullScreenSessionOwnsTheStore() throws Exception {
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        try (TmuxPane tui = TmuxPane.start(home, project, 100, 30)) {
            tui.waitFor("the workbench", s -> s.contains("Welcome to Dispatch"));
            Instant deadline = Instant.now().plus(TmuxPane.PATIENCE);
            while (!Files.exists(dirs.socket()) && Instant.now().isBefore(deadline)) Thread.sleep(100);
            assertThat(dirs.socket()).as("the session serves its socket").exists();
            var env = new Environment.Snapshot(Map.of("DISPATCH_HOME", home.toString()), project);
            List<String> failures = new ArrayList<>();
            BesideAnOwnerTest.READ_ONLY.forEach((path, args) -> {
                var r = Environment.with(env, () -> CliHarness.run(args.toArray(String[]::new)));
                // 0 ok, 3 not found (the ids do not exist), 5 nothing to do: never an error or "in use"
                boolean ok = (r.exitCode() == 0 || r.exitCode() == 3 || r.exitCode() == 5)
                        && !r.err().contains("in use");
                if (!ok)
                    failures.add(
                            path + " → exit " + r.exitCode() + ": " + r.err().strip());
            });
            assertThat(failures).isEmpty();
            tui.key("C-d");
            assertThat(tui.awaitExit()).isZero();
        }
    }

    /**
     * Five turns, prompts from turn 3 on: once (turn 3, and turn 4 asks again), session (a second read
     * there in the same turn does not ask), always (saved in the user config), deny (a tool error, and
     * the chat goes on).
     */
    private void fiveTurnChat(String engineKind) throws Exception {
        Path a = outside("once/a.txt", "alpha-content");
        Path a2 = outside("once/a2.txt", "alpha2-content");
        Path b = outside("always/b.txt", "bravo-content");
        Path c = outside("denied/c.txt", "charlie-content");
        server.replyText("reply one").replyText("reply two");
        server.replyToolCalls(call("c3", "read_file", read(a))).replyText("reply three");
        server.replyToolCalls(call("c4", "read_file", read(a)))
                .replyToolCalls(call("c4b", "read_file", read(a2)))
                .replyText("reply four");
        server.replyToolCalls(call("c5", "read_file", read(b)))
                .replyToolCalls(call("c5b", "read_file", read(c)))
                .replyText("reply five");
        try (TmuxPane chat = TmuxPane.start(home, project, 160, 50, "chat")) {
            chat.waitFor("the chat header", s -> s.contains("dispatch chat") && count(s, "you> ") == 1);
            chat.waitFor("where the engine lives, once it is open", s -> s.contains(engineKind));
            turn(chat, 1, "reply one");
            turn(chat, 2, "reply two");

            chat.type("turn 3 please");
            answer(chat, 1, "o");
            awaitReply(chat, 3, "reply three");

            chat.type("turn 4 please");
            answer(chat, 2, "s");
            awaitReply(chat, 4, "reply four");

            chat.type("turn 5 please");
            answer(chat, 3, "a");
            answer(chat, 4, "d");
            String pane = awaitReply(chat, 5, "reply five");

            assertThat(count(pane, CHAT_PROMPT))
                    .as("once asks again, session does not:%n%s", pane)
                    .isEqualTo(4);
            assertThat(pane)
                    .contains("permission: once", "permission: session", "permission: always", "permission: deny")
                    .contains("tool: read_file")
                    .contains(c.toString());
            assertThat(lineWith(pane, "result: read_file failed")).as(pane).contains("denied");
            assertThat(Files.readString(home.resolve("config/config.yaml")))
                    .as("always is saved in the user config")
                    .contains(b.getParent().toString());
            assertThat(sentToModel())
                    .contains("alpha-content", "alpha2-content", "bravo-content")
                    .doesNotContain("charlie-content");
            assertThat(server.pendingReplies()).isZero();
            chat.key("C-d");
            assertThat(chat.awaitExit()).isZero();
        }
    }

    private void turn(TmuxPane chat, int n, String reply) throws Exception {
        chat.type("turn " + n + " please");
        awaitReply(chat, n, reply);
    }

    /** Waits for turn {@code n}'s reply and the next "you>" prompt after it. */
    private static String awaitReply(TmuxPane chat, int n, String reply) throws Exception {
        return chat.waitFor(
                "'" + reply + "' and the next prompt", s -> s.contains(reply) && count(s, "you> ") == n + 1);
    }

    /** Waits for the {@code nth} permission prompt of the chat, then answers it. */
    private static void answer(TmuxPane chat, int nth, String key) throws Exception {
        chat.waitFor("permission prompt " + nth, s -> count(s, CHAT_PROMPT) == nth);
        chat.type(key);
    }

    private Path outside(String relative, String content) throws Exception {
        Path p = home.resolve("outside").resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content + "\n");
        return p;
    }

    private static String read(Path p) {
        return "{\"path\":\"" + p + "\"}";
    }

    private void withDaemon(ThrowingRunnable body) throws Exception {
        var started = DispatchProcess.run(home, project, Map.of(), "daemon", "start", "--no-port");
        assertThat(started.exit()).as(started.err()).isZero();
        try {
            body.run();
        } finally {
            DispatchProcess.run(home, project, Map.of(), List.of(), Duration.ofSeconds(60), "daemon", "stop");
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private String sentToModel() {
        return String.join("\n", server.requests().stream().map(r -> r.body()).toList());
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    private static String lineWith(String text, String what) {
        return text.lines().filter(l -> l.contains(what)).findFirst().orElse("no line with '" + what + "'");
    }
}
