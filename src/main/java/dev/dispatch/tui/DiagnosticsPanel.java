package dev.dispatch.tui;

import com.googlecode.lanterna.input.KeyStroke;
import dev.dispatch.protocol.LspOps.DiagnosticRow;
import java.util.ArrayList;
import java.util.List;

/**
 * The diagnostics pane (F4 shows and hides it), below the chat: the project's language servers with
 * their state and why, then the errors and warnings grouped by file with severity icons and counts;
 * Enter on one shows its details (the whole message, the range, source and code, and which agents'
 * tool results listed it). While it is open, ↑ ↓ PgUp PgDn Home End and Enter are its own and Esc
 * closes it; typing still goes to the input.
 */
final class DiagnosticsPanel {
    private DiagnosticsPanel() {}

    /** One piece of a row: text in a style. */
    record Seg(String text, Style style) {}

    /** How many rows the pane takes in a chat column of {@code height} rows: about half, the chat keeps 3. */
    static int rows(LspView v, int height) {
        if (!v.open) return 0;
        return Math.max(0, Math.min(height - 3, Math.max(6, height / 2)));
    }

    /** Keys while the pane is open (and F4 to open it); answers whether the key was the pane's. */
    static boolean key(LspView v, KeyStroke k) {
        if (KeyMap.global(k) == KeyMap.Action.DIAGNOSTICS) {
            v.open = !v.open;
            return true;
        }
        if (!v.open || k.isAltDown() || k.isCtrlDown()) return false; // alt+↑ still picks the agent
        switch (k.getKeyType()) {
            case ArrowUp -> v.move(-1);
            case ArrowDown -> v.move(1);
            case PageUp -> v.move(-10);
            case PageDown -> v.move(10);
            case Home -> v.move(-Integer.MAX_VALUE / 2);
            case End -> v.move(Integer.MAX_VALUE / 2);
            case Enter -> v.enter();
            case Escape -> v.open = false;
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The title: counts and the keys. */
    static String title(LspView v) {
        int errors = v.count("error");
        int warnings = v.count("warning");
        int others = v.count("info") + v.count("hint");
        return " Diagnostics · " + LspView.icon("error") + " " + errors + (errors == 1 ? " error" : " errors") + " "
                + LspView.icon("warning") + " " + warnings + (warnings == 1 ? " warning" : " warnings")
                + (others > 0 ? " " + LspView.icon("info") + " " + others + " other" : "")
                + " · ↑↓ Enter details · Esc/F4 closes";
    }

    /** The rows below the title, and where the selected one starts and ends with its details (-1: none). */
    record Body(List<List<Seg>> rows, int selectedRow, int selectedEnd) {}

    static Body body(ViewModel vm, int width) {
        LspView v = vm.lsp;
        List<List<Seg>> out = new ArrayList<>();
        for (LspView.Server s : v.servers()) {
            String why = s.detail() == null ? "" : ": " + TextWrap.sanitize(s.detail());
            List<String> wrapped = TextWrap.wrap(
                    s.state() + why, Math.max(10, width - 4 - s.name().length()));
            for (int i = 0; i < Math.min(3, wrapped.size()); i++) {
                String lead =
                        i == 0 ? " " + s.name() + " " : " ".repeat(s.name().length() + 4);
                out.add(
                        i == 0
                                ? List.of(
                                        new Seg(lead, Style.BOLD),
                                        new Seg(LspView.stateIcon(s.state()) + " ", LspView.stateStyle(s.state())),
                                        new Seg(wrapped.get(i), Style.MUTED))
                                : List.of(new Seg(lead + wrapped.get(i), Style.MUTED)));
            }
        }
        if (v.servers().isEmpty()) out.add(List.of(new Seg(" no language server for this project yet", Style.MUTED)));
        List<LspView.Item> items = v.items();
        if (items.isEmpty()) out.add(List.of(new Seg(" no errors or warnings", Style.MUTED)));
        int selectedRow = -1;
        int selectedEnd = -1;
        DiagnosticRow detailed = v.detailed();
        for (int i = 0; i < items.size(); i++) {
            LspView.Item it = items.get(i);
            boolean selected = i == Math.min(v.selected, items.size() - 1);
            if (selected) selectedRow = out.size();
            if (it.diagnostic() == null) {
                out.add(fileRow(it.file(), v.files().get(it.file()), selected));
                continue;
            }
            DiagnosticRow d = it.diagnostic();
            out.add(diagnosticRow(vm, d, selected));
            if (d.equals(detailed)) out.addAll(details(vm, d, width));
            if (selected) selectedEnd = out.size() - 1;
        }
        if (selectedEnd < selectedRow) selectedEnd = selectedRow;
        return new Body(out, selectedRow, selectedEnd);
    }

    private static List<Seg> fileRow(String file, List<DiagnosticRow> rows, boolean selected) {
        int errors = 0;
        int warnings = 0;
        for (DiagnosticRow d : rows) {
            if (d.severity().equals("error")) errors++;
            else if (d.severity().equals("warning")) warnings++;
        }
        Style s = selected ? Style.SELECTED : Style.FILE;
        return List.of(
                new Seg(" " + TextWrap.sanitize(file) + "  ", s),
                new Seg(LspView.icon("error") + errors + " ", selected ? s : Style.ERROR),
                new Seg(LspView.icon("warning") + warnings, selected ? s : Style.WARN));
    }

    private static List<Seg> diagnosticRow(ViewModel vm, DiagnosticRow d, boolean selected) {
        String message =
                TextWrap.sanitize(d.message() == null ? "" : d.message().strip().replaceAll("\\s*\\n\\s*", " "));
        String seen = d.shownTo().isEmpty() ? "" : " · seen by " + agents(vm, d.shownTo());
        Style text = selected ? Style.SELECTED : Style.NORMAL;
        return List.of(
                new Seg("   ", text),
                new Seg(LspView.icon(d.severity()) + " ", selected ? text : LspView.style(d.severity())),
                new Seg(d.line() + ":" + d.column() + "  " + message, text),
                new Seg(seen, selected ? text : Style.MUTED));
    }

    private static List<List<Seg>> details(ViewModel vm, DiagnosticRow d, int width) {
        List<List<Seg>> out = new ArrayList<>();
        int w = Math.max(10, width - 16);
        String range = d.line() + ":" + d.column() + "–" + d.endLine() + ":" + d.endColumn();
        List<String[]> fields = new ArrayList<>();
        fields.add(new String[] {"severity", d.severity()});
        fields.add(new String[] {"range", d.file() + " " + range});
        fields.add(new String[] {
            "source", (d.source() == null ? "none" : d.source()) + (d.code() == null ? "" : " · code " + d.code())
        });
        fields.add(
                new String[] {"message", d.message() == null ? "" : d.message().strip()});
        fields.add(new String[] {"shown to", d.shownTo().isEmpty() ? "no agent yet" : agents(vm, d.shownTo())});
        for (String[] f : fields) {
            List<String> wrapped = TextWrap.wrap(TextWrap.sanitize(f[1]), w);
            for (int i = 0; i < wrapped.size() && i < 8; i++)
                out.add(List.of(
                        new Seg(i == 0 ? String.format("     %-9s  ", f[0]) : " ".repeat(16), Style.MUTED),
                        new Seg(wrapped.get(i), Style.NORMAL)));
        }
        return out;
    }

    private static String agents(ViewModel vm, List<String> ids) {
        List<String> names = new ArrayList<>();
        for (String id : ids) names.add(vm.agentLabel(id));
        return String.join(", ", names);
    }

    static void draw(Painter p, ViewModel vm) {
        p.hline(0, '─', Style.MUTED);
        p.row(1, title(vm.lsp), Style.BOLD);
        Body b = body(vm, p.width());
        int visible = p.height() - 2;
        if (visible <= 0) return;
        int first = 0;
        if (b.selectedEnd() >= visible) first = b.selectedEnd() - visible + 1;
        if (b.selectedRow() >= 0 && b.selectedRow() < first) first = b.selectedRow();
        for (int i = 0; i < visible && first + i < b.rows().size(); i++) {
            int col = 0;
            for (Seg s : b.rows().get(first + i)) {
                if (col >= p.width()) break;
                p.put(col, 2 + i, s.text(), s.style());
                col += s.text().length();
            }
        }
    }
}
