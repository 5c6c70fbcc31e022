package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.SessionBrowseOps.ResumeSession;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The workbench painted before its engine is wired (issue 19): "starting…" in the status bar until the
 * engine is ready, the session to resume asked for only then, and a failure to open quits (the command
 * reports it once the terminal is back).
 */
class WorkbenchLateEngineTest {
    @Test
    void startingUntilReadyThenTheSessionIsResumed() {
        FakeEngine engine = new FakeEngine();
        VirtualWorkbench v = new VirtualWorkbench(engine, 120, 40);
        CompletableFuture<String> ready = new CompletableFuture<>();
        v.wb.whenReady(ready);
        assertThat(v.pump().text()).contains("starting…").contains("Type a message");
        assertThat(engine.submitted(ResumeSession.class)).isEmpty();
        ready.complete("ses_1");
        assertThat(v.pump().text()).doesNotContain("starting…");
        assertThat(engine.submitted(ResumeSession.class))
                .extracting(ResumeSession::sessionId)
                .containsExactly("ses_1");
        assertThat(v.wb.ui.quit).isFalse();
    }

    @Test
    void aFailureToOpenQuits() {
        VirtualWorkbench v = new VirtualWorkbench(new FakeEngine(), 120, 40);
        CompletableFuture<String> ready = new CompletableFuture<>();
        v.wb.whenReady(ready);
        ready.completeExceptionally(new IllegalStateException("the store is busy"));
        v.pump();
        assertThat(v.wb.ui.quit).isTrue();
    }
}
