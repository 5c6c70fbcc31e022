package dev.dispatch.tui;

import dev.dispatch.protocol.LspEvents.LspDiagnosticsChanged;
import dev.dispatch.protocol.LspEvents.LspServerChanged;
import dev.dispatch.protocol.LspOps.DiagnosticRow;
import dev.dispatch.protocol.LspOps.DiagnosticsResult;
import dev.dispatch.protocol.LspOps.ServerRow;
import dev.dispatch.protocol.LspOps.StatusResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the workbench knows about the project's language servers, folded from
 * {@code LspDiagnosticsChanged} and {@code LspServerChanged} events (each carries what it is about,
 * so the pane is live in-process and attached to a daemon) and seeded by one {@code lsp status} and
 * one {@code lsp diagnostics} answer at start. Kept per project root; the workbench shows its own
 * project's (the root the answers name), every project's until that is known. Also the diagnostics
 * pane's own state: open, the selected row, the row whose details are shown.
 */
final class LspView {
    /** A server's state and why ({@code detail}, null when there is nothing to say). */
    record Server(String name, String state, String detail) {}

    /** One row of the pane: a file (diagnostic null) or one of its diagnostics. */
    record Item(String file, DiagnosticRow diagnostic) {}

    /** The workbench's project root, once an answer named it; null until then. */
    String root;

    private final Map<String, Map<String, List<DiagnosticRow>>> files = new HashMap<>();
    private final Map<String, Map<String, Server>> servers = new HashMap<>();

    /** The diagnostics pane is shown (F4). */
    boolean open;
    /** The selected row of {@link #items()}. */
    int selected;
    /** The diagnostic whose details are shown (Enter), by {@link #key}; null: none. */
    String details;

    /** A file's diagnostics changed; answers whether it is about the shown project. */
    boolean apply(LspDiagnosticsChanged e) {
        Map<String, List<DiagnosticRow>> byFile = files.computeIfAbsent(e.projectRoot(), r -> new TreeMap<>());
        if (e.diagnostics().isEmpty()) byFile.remove(e.file());
        else byFile.put(e.file(), List.copyOf(e.diagnostics()));
        clamp();
        return shows(e.projectRoot());
    }

    /** Whether {@code e} changes its file's error or warning count (else it moved or re-worded them). */
    boolean countsChange(LspDiagnosticsChanged e) {
        List<DiagnosticRow> was = files.getOrDefault(e.projectRoot(), Map.of()).getOrDefault(e.file(), List.of());
        int errors = 0;
        int warnings = 0;
        for (DiagnosticRow d : was) {
            if (d.severity().equals("error")) errors++;
            else if (d.severity().equals("warning")) warnings++;
        }
        return errors != e.errors() || warnings != e.warnings();
    }

    /** A server changed state; answers whether it is about the shown project. */
    boolean apply(LspServerChanged e) {
        servers.computeIfAbsent(e.projectRoot(), r -> new LinkedHashMap<>())
                .put(e.server(), new Server(e.server(), e.state(), e.detail()));
        return shows(e.projectRoot());
    }

    /** The status answer at start: names the project; servers no event told about yet. */
    void seed(StatusResult r) {
        root = r.projectRoot();
        Map<String, Server> known = servers.computeIfAbsent(r.projectRoot(), x -> new LinkedHashMap<>());
        for (ServerRow s : r.servers()) known.putIfAbsent(s.name(), new Server(s.name(), s.state(), s.detail()));
    }

    /** The diagnostics answer at start: files no event told about yet (an event is newer). */
    void seed(DiagnosticsResult r) {
        if (root == null) root = r.projectRoot();
        Map<String, List<DiagnosticRow>> byFile = files.computeIfAbsent(r.projectRoot(), x -> new TreeMap<>());
        Map<String, List<DiagnosticRow>> answered = new LinkedHashMap<>();
        for (DiagnosticRow d : r.diagnostics())
            answered.computeIfAbsent(d.file(), f -> new ArrayList<>()).add(d);
        answered.forEach(byFile::putIfAbsent);
        clamp();
    }

    private boolean shows(String projectRoot) {
        return root == null || root.equals(projectRoot);
    }

    /** The shown project's files with diagnostics, by path. */
    Map<String, List<DiagnosticRow>> files() {
        if (root != null) return files.getOrDefault(root, Map.of());
        Map<String, List<DiagnosticRow>> all = new TreeMap<>();
        for (Map<String, List<DiagnosticRow>> m : files.values()) all.putAll(m);
        return all;
    }

    /** The shown project's servers, in the order they were first heard of. */
    List<Server> servers() {
        if (root != null)
            return List.copyOf(servers.getOrDefault(root, Map.of()).values());
        List<Server> all = new ArrayList<>();
        for (Map<String, Server> m : servers.values()) all.addAll(m.values());
        return all;
    }

    /** How many diagnostics of {@code severity} the shown project has. */
    int count(String severity) {
        int n = 0;
        for (List<DiagnosticRow> rows : files().values())
            for (DiagnosticRow d : rows) if (d.severity().equals(severity)) n++;
        return n;
    }

    /** The pane's rows: each file, then its diagnostics by position. */
    List<Item> items() {
        List<Item> out = new ArrayList<>();
        files().forEach((file, rows) -> {
            out.add(new Item(file, null));
            for (DiagnosticRow d : rows) out.add(new Item(file, d));
        });
        return out;
    }

    Item selectedItem() {
        List<Item> items = items();
        return items.isEmpty() ? null : items.get(Math.min(selected, items.size() - 1));
    }

    void move(int delta) {
        selected += delta;
        clamp();
    }

    /** Enter: shows the selected diagnostic's details, or hides them when they are shown. */
    void enter() {
        Item i = selectedItem();
        if (i == null || i.diagnostic() == null) return;
        String k = key(i.diagnostic());
        details = k.equals(details) ? null : k;
    }

    /** The diagnostic whose details are shown, if it still exists. */
    DiagnosticRow detailed() {
        if (details == null) return null;
        for (List<DiagnosticRow> rows : files().values())
            for (DiagnosticRow d : rows) if (key(d).equals(details)) return d;
        return null;
    }

    static String key(DiagnosticRow d) {
        return d.file() + ":" + d.line() + ":" + d.column() + " " + d.severity() + " " + d.message();
    }

    private void clamp() {
        int n = items().size();
        selected = Math.max(0, Math.min(selected, n - 1));
    }

    /** One single-width icon per severity: the pane, the header and the help legend agree. */
    static String icon(String severity) {
        return switch (severity) {
            case "error" -> "✗";
            case "warning" -> "⚠";
            case "info" -> "ℹ";
            default -> "·";
        };
    }

    static Style style(String severity) {
        return switch (severity) {
            case "error" -> Style.ERROR;
            case "warning" -> Style.WARN;
            default -> Style.MUTED;
        };
    }

    /** A server state's icon: ✓ running, ◌ starting or restarting, ✗ failed, ? not installed, · otherwise. */
    static String stateIcon(String state) {
        return switch (state) {
            case "running" -> "✓";
            case "starting", "restarting" -> "◌";
            case "failed" -> "✗";
            case "not_installed" -> "?";
            default -> "·";
        };
    }

    static Style stateStyle(String state) {
        return switch (state) {
            case "running" -> Style.OK;
            case "starting", "restarting", "not_installed" -> Style.WARN;
            case "failed" -> Style.ERROR;
            default -> Style.MUTED;
        };
    }

    /** The header's part: {@code lsp clangd✓ python◌}, or empty when no server is known. */
    String headerPart() {
        List<Server> s = servers();
        if (s.isEmpty()) return "";
        StringBuilder out = new StringBuilder("lsp");
        for (Server x : s) out.append(' ').append(x.name()).append(stateIcon(x.state()));
        int errors = count("error");
        int warnings = count("warning");
        if (errors + warnings > 0)
            out.append(" ")
                    .append(icon("error"))
                    .append(errors)
                    .append(' ')
                    .append(icon("warning"))
                    .append(warnings);
        return out.toString();
    }
}
