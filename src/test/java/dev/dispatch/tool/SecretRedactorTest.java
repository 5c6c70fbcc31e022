package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.permission.PermissionDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The redactor itself, its streaming hold-back, and the registry applying it to every call. */
class SecretRedactorTest {
    static final String KEY = "sk-test-0123456789abcdef";

    @TempDir
    Path tmp;

    @Test
    void replacesEveryOccurrenceOfEverySecretLongestFirst() {
        SecretRedactor r = SecretRedactor.of(List.of(KEY, KEY + "-longer", "short", "  tok-abcdefgh  ", ""));
        assertThat(r.redact("a " + KEY + " b " + KEY + KEY + " c")).isEqualTo("a [redacted] b [redacted][redacted] c");
        assertThat(r.redact("x" + KEY + "-longer!")).isEqualTo("x[redacted]!");
        assertThat(r.redact("tok-abcdefgh and short")).isEqualTo("[redacted] and short");
        assertThat(r.redact("nothing here")).isEqualTo("nothing here");
        assertThat(SecretRedactor.of(List.of("short", " ")).isEmpty()).isTrue();
    }

    @Test
    void aSecretSplitAcrossChunksIsHeldBackAndRedacted() {
        List<ToolOutput> seen = new ArrayList<>();
        RedactingOutput out = new RedactingOutput(SecretRedactor.of(List.of(KEY)), seen::add);
        out.accept(new ToolOutput(ToolOutput.Stream.STDOUT, "hello sk-te"));
        out.accept(new ToolOutput(ToolOutput.Stream.STDERR, "err sk-"));
        out.accept(new ToolOutput(ToolOutput.Stream.STDOUT, "st-0123456789"));
        out.accept(new ToolOutput(ToolOutput.Stream.STDOUT, "abcdef bye sk"));
        out.flush();
        String stdout = String.join(
                "",
                seen.stream()
                        .filter(c -> c.stream() == ToolOutput.Stream.STDOUT)
                        .map(ToolOutput::chunk)
                        .toList());
        assertThat(stdout).isEqualTo("hello [redacted] bye sk");
        assertThat(seen).noneMatch(c -> c.chunk().contains("0123"));
        // the other stream's tail is held apart and sent at the end, unredacted since it never became a key
        assertThat(seen.stream()
                        .filter(c -> c.stream() == ToolOutput.Stream.STDERR)
                        .map(ToolOutput::chunk))
                .containsExactly("err ", "sk-");
        assertThat(seen.get(0)).isEqualTo(new ToolOutput(ToolOutput.Stream.STDOUT, "hello "));
    }

    @Test
    void theRegistryRedactsResultsMetadataAndStreamedChunks() throws Exception {
        Path root = Files.createDirectories(tmp.toRealPath().resolve("ws"));
        Files.writeString(root.resolve("env.txt"), "KEY=" + KEY + "\n");
        Files.createDirectories(root.resolve(KEY));
        List<ToolOutput> streamed = new ArrayList<>();
        ToolContext ctx =
                new ToolContext(root, "agt", "ses", request -> PermissionDecision.allow("test"), streamed::add, null);
        ToolRegistry tools = ToolRegistry.of(List.of(new ReadFileTool(), new ListFilesTool(), new Echo()))
                .withSecrets(r -> SecretRedactor.of(List.of(KEY)));
        assertThat(tools.call("read_file", "{\"path\":\"env.txt\"}", ctx).text())
                .contains("KEY=[redacted]")
                .doesNotContain(KEY);
        ToolResult listed = tools.call("list_files", "{\"path\":\"" + KEY + "\"}", ctx);
        assertThat(listed.metadata()).containsEntry("path", "[redacted]");
        assertThat(listed.text()).doesNotContain(KEY);
        ToolResult echoed = tools.call("echo", "{\"text\":\"" + KEY + "\"}", ctx);
        assertThat(echoed.text()).isEqualTo("said [redacted]");
        assertThat(streamed).extracting(ToolOutput::chunk).containsExactly("[redacted]");
        // without secrets the registry passes everything through
        assertThat(ToolRegistry.of(List.of(new Echo()))
                        .call("echo", "{\"text\":\"" + KEY + "\"}", ctx)
                        .text())
                .contains(KEY);
    }

    /** A tool that streams its input and returns it. */
    static final class Echo implements Tool<Echo.Params> {
        record Params(@Param("text") String text) {}

        @Override
        public String name() {
            return "echo";
        }

        @Override
        public Class<Params> paramsType() {
            return Params.class;
        }

        @Override
        public String description() {
            return "echoes";
        }

        @Override
        public ToolResult run(Params p, ToolContext ctx) {
            ctx.emit(new ToolOutput(ToolOutput.Stream.STDOUT, p.text()));
            return ToolResult.ok("said " + p.text(), Map.of("text", p.text()));
        }
    }
}
