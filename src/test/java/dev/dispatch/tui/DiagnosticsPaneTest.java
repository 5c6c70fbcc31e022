package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyType;
import dev.dispatch.protocol.LspEvents.LspDiagnosticsChanged;
import dev.dispatch.protocol.LspEvents.LspServerChanged;
import dev.dispatch.protocol.LspOps;
import dev.dispatch.protocol.LspOps.DiagnosticRow;
import dev.dispatch.protocol.RuntimeEvents.AgentStarted;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The diagnostics pane and the server indicator as folds of the LSP events and the two answers that
 * seed them: grouped by file with counts and icons, details on Enter, who was shown what, another
 * project's events left out, a seed never overwriting a newer event; and on the virtual terminal, F4
 * opens it, ↑↓ Enter work in it, Esc closes it and the keys go back to the input.
 */
class DiagnosticsPaneTest {
    static final Instant AT = Instant.parse("2026-12-07T12:00:00Z");
    static final String ROOT = "/work/demo";

    static DiagnosticRow row(String file, int line, String severity, String message, String... shownTo) {
        return new DiagnosticRow(
                file, line, 5, line, 12, severity, "clangd", "undeclared_var_use", message, List.of(shownTo));
    }

    static LspDiagnosticsChanged changed(String root, String file, DiagnosticRow... rows) {
        int errors = (int)
                List.of(rows).stream().filter(r -> r.severity().equals("error")).count();
        int warnings = (int) List.of(rows).stream()
                .filter(r -> r.severity().equals("warning"))
                .count();
        return new LspDiagnosticsChanged(root, file, errors, warnings, List.of(rows), AT);
    }

    @Test
    void foldsGroupsByFileCountsAndShowsDetailsOnEnter() {
        ViewModel vm = new ViewModel();
        vm.apply(new AgentStarted("agt_1", null, "main", "ses_1", "m", "p", AT));
        vm.lsp.seed(new LspOps.StatusResult(ROOT, true, List.of(), List.of()));
        assertThat(vm.apply(new LspServerChanged(ROOT, "clangd", "running", null, AT)))
                .isTrue();
        assertThat(vm.apply(changed(ROOT, "src/b.c", row("src/b.c", 3, "warning", "unused variable 'y'"))))
                .isTrue();
        assertThat(vm.apply(changed(
                        ROOT,
                        "src/a.c",
                        row("src/a.c", 2, "error", "use of undeclared identifier 'missing'", "agt_1"),
                        row("src/a.c", 9, "info", "included here"))))
                .isTrue();
        assertThat(vm.engineNotice).isEqualTo("diagnostics src/a.c: 1 error, 0 warnings");
        assertThat(vm.lsp.count("error")).isEqualTo(1);
        assertThat(vm.lsp.count("warning")).isEqualTo(1);
        assertThat(vm.lsp.items())
                .extracting(LspView.Item::file)
                .containsExactly("src/a.c", "src/a.c", "src/a.c", "src/b.c", "src/b.c");
        assertThat(vm.lsp.headerPart()).isEqualTo("lsp clangd✓ ✗1 ⚠1");
        assertThat(DiagnosticsPanel.title(vm.lsp)).startsWith(" Diagnostics · ✗ 1 error ⚠ 1 warning ℹ 1 other");

        List<String> body = text(vm, 100);
        assertThat(body.get(0)).isEqualTo(" clangd ✓ running");
        assertThat(body.get(1)).isEqualTo(" src/a.c  ✗1 ⚠0");
        assertThat(body.get(2)).isEqualTo("   ✗ 2:5  use of undeclared identifier 'missing' · seen by main");
        assertThat(body.get(3)).isEqualTo("   ℹ 9:5  included here");
        assertThat(body.get(4)).isEqualTo(" src/b.c  ✗0 ⚠1");

        vm.lsp.move(1); // the error
        vm.lsp.enter();
        body = text(vm, 100);
        assertThat(String.join("\n", body))
                .contains("severity   error")
                .contains("range      src/a.c 2:5–2:12")
                .contains("source     clangd · code undeclared_var_use")
                .contains("message    use of undeclared identifier 'missing'")
                .contains("shown to   main");
        vm.lsp.enter();
        assertThat(String.join("\n", text(vm, 100))).doesNotContain("severity   error");

        // the fix: the file's list empties, the group goes, the counts follow
        vm.apply(changed(ROOT, "src/a.c"));
        assertThat(vm.lsp.files()).containsOnlyKeys("src/b.c");
        assertThat(vm.lsp.headerPart()).isEqualTo("lsp clangd✓ ✗0 ⚠1");
        assertThat(vm.lsp.selected).isLessThan(vm.lsp.items().size());
    }

    @Test
    void anotherProjectIsLeftOutAndASeedNeverOverwritesANewerEvent() {
        ViewModel vm = new ViewModel();
        // an event before the answers: newer than what the answer says of the same file
        vm.apply(changed(ROOT, "a.py", row("a.py", 1, "error", "undefined name 'x'")));
        vm.lsp.seed(new LspOps.StatusResult(
                ROOT,
                true,
                List.of(new LspOps.ServerRow(
                        "python", "failed", "pylsp", null, 5, 0, List.of("py"), "crashed 5 times")),
                List.of()));
        vm.lsp.seed(new LspOps.DiagnosticsResult(
                ROOT, List.of(row("a.py", 1, "warning", "old"), row("b.py", 4, "error", "old too")), 1, 1, List.of()));
        assertThat(vm.lsp.files().get("a.py"))
                .extracting(DiagnosticRow::message)
                .containsExactly("undefined name 'x'");
        assertThat(vm.lsp.files()).containsKey("b.py");
        assertThat(vm.apply(changed("/elsewhere", "c.py", row("c.py", 1, "error", "other project"))))
                .isFalse();
        assertThat(vm.apply(new LspServerChanged("/elsewhere", "clangd", "running", null, AT)))
                .isFalse();
        assertThat(vm.lsp.files()).doesNotContainKey("c.py");
        assertThat(vm.lsp.headerPart()).startsWith("lsp python✗");
        // the reason is reachable in the pane
        assertThat(text(vm, 100).get(0)).isEqualTo(" python ✗ failed: crashed 5 times");
        // a restart brings it back
        vm.apply(new LspServerChanged(ROOT, "python", "running", null, AT));
        assertThat(vm.lsp.headerPart()).startsWith("lsp python✓");
    }

    @Test
    void sameCountsMovedDoNotRepeatTheStatusNotice() {
        ViewModel vm = new ViewModel();
        vm.apply(changed(ROOT, "a.c", row("a.c", 1, "error", "e")));
        vm.engineNotice = null;
        vm.apply(changed(ROOT, "a.c", row("a.c", 2, "error", "e")));
        assertThat(vm.engineNotice).isNull();
        assertThat(vm.lsp.files().get("a.c").get(0).line()).isEqualTo(2);
    }

    @Test
    void f4OpensThePaneArrowsAndEnterWorkInItEscClosesIt() {
        FakeEngine e = WorkbenchGoldenTest.configured();
        e.on(
                LspOps.LspStatus.class,
                s -> new LspOps.StatusResult(
                        ROOT,
                        true,
                        List.of(new LspOps.ServerRow("clangd", "running", "clangd", 42L, 0, 1, List.of("c"), null)),
                        List.of()));
        e.on(
                LspOps.LspDiagnostics.class,
                d -> new LspOps.DiagnosticsResult(
                        ROOT,
                        List.of(row("main.c", 2, "error", "use of undeclared identifier 'missing'")),
                        1,
                        0,
                        List.of()));
        VirtualWorkbench v = new VirtualWorkbench(e, 100, 30);
        assertThat(v.text().lines().findFirst().orElseThrow()).contains("lsp clangd✓ ✗1 ⚠0");
        assertThat(v.text()).doesNotContain("Diagnostics ·");
        v.key(KeyType.F4);
        assertThat(v.text()).contains("Diagnostics · ✗ 1 error").contains(" main.c  ✗1 ⚠0");
        v.key(KeyType.ArrowDown).key(KeyType.Enter);
        assertThat(v.text()).contains("range      main.c 2:5–2:12").contains("shown to   no agent yet");
        // live: the fix clears it while the pane is open
        e.push(changed(ROOT, "main.c"));
        v.pump();
        assertThat(v.text()).contains("no errors or warnings").doesNotContain("main.c  ✗");
        v.key(KeyType.Escape);
        assertThat(v.text()).doesNotContain("Diagnostics ·");
        // the keys are the input's again
        v.type("hi");
        assertThat(v.wb.input.text.toString()).isEqualTo("hi");
    }

    private static List<String> text(ViewModel vm, int width) {
        return DiagnosticsPanel.body(vm, width).rows().stream()
                .map(r -> r.stream().map(DiagnosticsPanel.Seg::text).reduce("", String::concat))
                .toList();
    }
}
