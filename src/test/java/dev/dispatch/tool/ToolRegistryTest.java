package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.protocol.Cancellation;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolRegistryTest {
    @TempDir
    Path tmp;

    record NoParams() {}

    /** A tool whose run does whatever the test needs; its description is never read. */
    record Scripted(String name, Run body) implements Tool<NoParams> {
        interface Run {
            ToolResult run() throws Exception;
        }

        @Override
        public Class<NoParams> paramsType() {
            return NoParams.class;
        }

        @Override
        public ToolResult run(NoParams params, ToolContext ctx) throws InterruptedException {
            try {
                return body.run();
            } catch (InterruptedException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String description() {
            return "scripted";
        }
    }

    @Test
    void anExceptionInsideAToolBecomesAnErrorResult() throws Exception {
        var registry = ToolRegistry.of(List.of(new Scripted("boom", () -> {
            throw new IllegalStateException("disk on fire");
        })));
        ToolResult r = registry.call("boom", "{}", new Workspace(tmp).ctx);
        assertThat(r.isError()).isTrue();
        assertThat(r.text()).isEqualTo("boom failed: IllegalStateException: disk on fire");
    }

    @Test
    void anInterruptPropagatesSoTheAgentCanStop() {
        var registry = ToolRegistry.of(List.of(new Scripted("stop", () -> {
            throw new InterruptedException("stopping");
        })));
        assertThatThrownBy(() -> registry.call("stop", "", new Workspace(tmp).ctx))
                .isInstanceOf(InterruptedException.class);
    }

    @Test
    void duplicateNamesAreRejected() {
        Scripted a = new Scripted("same", () -> ToolResult.ok("a"));
        assertThatThrownBy(() -> ToolRegistry.of(List.of(a, a))).hasMessage("two tools are named same");
    }

    @Test
    void cancellationRunsEachActionOnceIncludingLateOnes() {
        Cancellation c = new Cancellation();
        AtomicInteger early = new AtomicInteger();
        AtomicInteger removed = new AtomicInteger();
        c.onCancel(early::incrementAndGet);
        c.onCancel(removed::incrementAndGet).close();
        c.cancel();
        c.cancel();
        AtomicInteger late = new AtomicInteger();
        c.onCancel(late::incrementAndGet);
        assertThat(early).hasValue(1);
        assertThat(removed).hasValue(0);
        assertThat(late).hasValue(1);
        assertThat(c.isCancelled()).isTrue();
    }
}
