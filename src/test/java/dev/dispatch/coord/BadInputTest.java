package dev.dispatch.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dispatch.protocol.AgentOps;
import dev.dispatch.protocol.CoordOps;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.ErrorCode;
import dev.dispatch.protocol.TaskOps;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RELIABILITY.md promise 9 for every coord op: bad input → a clear error naming the value, nothing changed. */
class BadInputTest {
    static final String S = CoordFixture.SPACE;
    static final String HUGE = "x".repeat(70_000);
    static final String BAD_UTF8 = "caf\uFFFD";
    static final String LONE_SURROGATE = "a\uD800b";

    @TempDir
    Path dir;

    CoordFixture f;
    String taskId;
    String lease;

    @BeforeEach
    void open() {
        f = new CoordFixture(dir);
        f.agent("w");
        taskId = f.task("t").id();
        lease = f.next("w").lease();
        f.task("t2");
    }

    @AfterEach
    void close() {
        f.close();
    }

    record Case(String name, ErrorCode code, String mentions, java.util.function.Function<Coord, Object> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                c("register empty name", ErrorCode.INVALID, "empty", co -> co.agents()
                        .register(reg("", null))),
                c("register bad name", ErrorCode.INVALID, "a b", co -> co.agents()
                        .register(reg("a b", null))),
                c("register negative max", ErrorCode.INVALID, "-1", co -> co.agents()
                        .register(new AgentOps.RegisterAgent(S, "x", List.of(), null, null, -1, null))),
                c("register unknown parent", ErrorCode.NOT_FOUND, "ghost", co -> co.agents()
                        .register(reg("x", "ghost"))),
                c("register invalid utf8 role", ErrorCode.INVALID, "UTF-8", co -> co.agents()
                        .register(new AgentOps.RegisterAgent(S, "x", List.of(), BAD_UTF8, null, null, null))),
                c("status huge summary", ErrorCode.TOO_LARGE, "70000", co -> co.agents()
                        .status(new AgentOps.SetAgentStatus(S, "w", null, HUGE, null, null, null, null, null, null))),
                c("status unknown agent", ErrorCode.NOT_FOUND, "nobody", co -> co.agents()
                        .status(new AgentOps.SetAgentStatus(
                                S, "nobody", AgentOps.Status.idle, null, null, null, null, null, null, null))),
                c("status self parent", ErrorCode.CONFLICT, "own parent", co -> co.agents()
                        .status(new AgentOps.SetAgentStatus(S, "w", null, null, null, null, null, null, null, "w"))),
                c("heartbeat unknown", ErrorCode.NOT_FOUND, "nobody", co -> co.agents()
                        .heartbeat(new AgentOps.SendHeartbeat(S, "nobody"))),
                c("remove unknown", ErrorCode.NOT_FOUND, "nobody", co -> co.agents()
                        .remove(new AgentOps.RemoveAgent(S, "nobody"))),
                c("add empty title", ErrorCode.INVALID, "title", co -> co.tasks()
                        .add(add("  ", null, null, null))),
                c("add huge title", ErrorCode.INVALID, "limit", co -> co.tasks().add(add(HUGE, null, null, null))),
                c("add nul in title", ErrorCode.INVALID, "U+0000", co -> co.tasks()
                        .add(add("a\u0000b", null, null, null))),
                c("add lone surrogate", ErrorCode.INVALID, "surrogate", co -> co.tasks()
                        .add(add(LONE_SURROGATE, null, null, null))),
                c("add negative priority", ErrorCode.INVALID, "-5", co -> co.tasks()
                        .add(add("t", -5, null, null))),
                c("add zero attempts", ErrorCode.INVALID, "max-attempts", co -> co.tasks()
                        .add(add("t", null, 0, null))),
                c("add unknown dependency", ErrorCode.NOT_FOUND, "task_nope", co -> co.tasks()
                        .add(add("t", null, null, List.of("task_nope")))),
                c("list negative limit", ErrorCode.INVALID, "-1", co -> co.tasks()
                        .list(new TaskOps.ListTasks(S, null, null, null, -1))),
                c("show unknown", ErrorCode.NOT_FOUND, "task_nope", co -> co.tasks()
                        .show(new TaskOps.ShowTask(S, "task_nope"))),
                c("next unknown agent", ErrorCode.NOT_FOUND, "nobody", co -> co.claims()
                        .next(new TaskOps.ClaimNextTask(S, "nobody", null))),
                c("claim unknown task", ErrorCode.NOT_FOUND, "task_nope", co -> co.claims()
                        .claim(new TaskOps.ClaimTask(S, "task_nope", "w"))),
                c("progress bad lease", ErrorCode.LEASE_LOST, "lse_forged", co -> co.claims()
                        .progress(new TaskOps.ReportProgress(S, firstTask(co), "lse_forged", null))),
                c("complete empty lease", ErrorCode.INVALID, "lease", co -> co.claims()
                        .complete(new TaskOps.CompleteTask(S, firstTask(co), "", null))),
                c("fail empty error", ErrorCode.INVALID, "error", co -> co.claims()
                        .fail(new TaskOps.FailTask(S, firstTask(co), "lse_x", "", null))),
                c("cancel unknown", ErrorCode.NOT_FOUND, "task_nope", co -> co.tasks()
                        .cancel(new TaskOps.CancelTask(S, "task_nope"))),
                c("retry a ready task", ErrorCode.CONFLICT, "ready", co -> co.tasks()
                        .retry(new TaskOps.RetryTask(S, readyTask(co)))),
                c("explain unknown", ErrorCode.NOT_FOUND, "task_nope", co -> co.explainer()
                        .explain(new TaskOps.ExplainTask(S, "task_nope"))),
                c("events negative since", ErrorCode.INVALID, "-2", co -> co.events()
                        .events(new CoordOps.ReadEvents(-2, null, null, null))),
                c("stats empty space", ErrorCode.INVALID, "space", co -> co.stats()
                        .stats(new CoordOps.ShowQueueStats(""))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsRefusedAndChangesNothing(Case k) {
        long seq = f.newestSeq();
        String before = snapshot();
        EngineException e =
                catchThrowableOfType(EngineException.class, () -> k.call().apply(f.coord));
        assertThat(e).as("expected an EngineException").isNotNull();
        assertThat(e.code()).isEqualTo(k.code());
        assertThat(e.getMessage()).contains(k.mentions()).hasSizeLessThan(600);
        assertThat(f.newestSeq()).isEqualTo(seq);
        assertThat(snapshot()).isEqualTo(before);
    }

    private String snapshot() {
        return f.store.read(c -> {
            StringBuilder sb = new StringBuilder();
            for (String sql : List.of(
                    "SELECT id, status, version, lease FROM task ORDER BY id",
                    "SELECT name, status, summary, parent, drained FROM agent ORDER BY name")) {
                try (var rs = c.createStatement().executeQuery(sql)) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++)
                            sb.append(rs.getString(i)).append('|');
                        sb.append('\n');
                    }
                }
            }
            return sb.toString();
        });
    }

    private static String firstTask(Coord co) {
        return co.tasks()
                .list(new TaskOps.ListTasks(S, TaskOps.Status.claimed, null, null, null))
                .tasks()
                .get(0)
                .id();
    }

    private static String readyTask(Coord co) {
        return co.tasks()
                .list(new TaskOps.ListTasks(S, TaskOps.Status.ready, null, null, null))
                .tasks()
                .get(0)
                .id();
    }

    private static AgentOps.RegisterAgent reg(String name, String parent) {
        return new AgentOps.RegisterAgent(S, name, List.of(), null, parent, null, null);
    }

    private static TaskOps.AddTask add(String title, Integer priority, Integer maxAttempts, List<String> after) {
        return new TaskOps.AddTask(S, title, null, null, priority, null, after, null, maxAttempts, null, null);
    }

    private static Arguments c(
            String name, ErrorCode code, String mentions, java.util.function.Function<Coord, Object> call) {
        return Arguments.of(new Case(name, code, mentions, call));
    }
}
