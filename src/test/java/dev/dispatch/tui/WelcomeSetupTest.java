package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.protocol.WorkbenchOps.DescribeWorkbench;
import dev.dispatch.protocol.WorkbenchOps.WorkbenchInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The empty workbench with no model shows the advice its face passed (what was found, the lines to
 * write and the real file), and hides it once the engine reports a configured provider.
 */
class WelcomeSetupTest {
    static final List<String> ADVICE = List.of(
            "no model is configured. Found: ANTHROPIC_API_KEY is set.",
            "To use ANTHROPIC_API_KEY, write these lines to /tmp/dh/config/config.yaml:",
            "",
            "  providers: { anthropic: { type: anthropic } }",
            "  default_model: sonnet");

    @Test
    void noProviderShowsTheFacesAdviceInsteadOfTheGenericHint() {
        FakeEngine e = new FakeEngine()
                .on(
                        DescribeWorkbench.class,
                        d -> new WorkbenchInfo("demo", null, null, "sandboxed", "no model configured"));
        var v = new VirtualWorkbench(
                e, new Workbench.Options("/work/demo", "/tmp/dh/config/config.yaml", ADVICE), 120, 40);
        assertThat(v.text())
                .contains("No model provider is configured yet.")
                .contains("Found: ANTHROPIC_API_KEY is set.")
                .contains("To use ANTHROPIC_API_KEY, write these lines to")
                .contains("/tmp/dh/config/config.yaml:")
                .contains("  providers: { anthropic: { type: anthropic } }")
                .doesNotContain("To use one, set ANTHROPIC_API_KEY");
    }

    @Test
    void aConfiguredProviderShowsNoAdvice() {
        FakeEngine e = new FakeEngine()
                .on(
                        DescribeWorkbench.class,
                        d -> new WorkbenchInfo("demo", "anthropic", "sonnet", "sandboxed", "1 key"));
        var v = new VirtualWorkbench(
                e, new Workbench.Options("/work/demo", "/tmp/dh/config/config.yaml", ADVICE), 120, 40);
        assertThat(v.text()).contains("Default model: anthropic / sonnet.").doesNotContain("Found:");
    }
}
