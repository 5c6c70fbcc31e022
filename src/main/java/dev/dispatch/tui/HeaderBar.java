package dev.dispatch.tui;

import java.util.List;

/**
 * The top row: space, provider/model of the selected agent (else the defaults), sandbox, key status,
 * where the engine runs (in-process or attached to a daemon) and each language server's state with
 * the project's error and warning counts ({@link LspView#headerPart}). Unknowns say "unknown".
 */
final class HeaderBar {
    private HeaderBar() {}

    static String text(ViewModel vm, int width) {
        HeaderInfo h = vm.header;
        AgentView a = vm.selected();
        String provider = a != null && a.provider != null ? a.provider : h.provider();
        String model = a != null && a.model != null ? a.model : h.model();
        String where = shortWhere(h.engineWhere);
        String modelPart = "none".equals(provider) && "none".equals(model) ? "no model" : provider + "/" + model;
        // the header shows the verdict ("sandboxed"/"unsandboxed"); dispatch doctor shows the detail
        String sandbox = h.sandbox().split(" ", 2)[0];
        String lsp = vm.lsp.headerPart();
        String full = " Dispatch │ space " + h.space() + " │ " + where + " │ " + modelPart + " │ " + sandbox
                + " │ keys: " + h.keys() + (lsp.isEmpty() ? "" : " │ " + lsp);
        if (full.length() <= width) return full;
        // narrow: drop the labels, keep every fact (the language servers' states last: F4 shows them)
        List<String> facts = new java.util.ArrayList<>(List.of(h.space(), where, modelPart, sandbox, h.keys()));
        if (!lsp.isEmpty()) facts.add(lsp);
        return " " + String.join(" │ ", facts);
    }

    /** "in-process (/long/data/dir)" → "in-process"; "daemon pid 12 (socket …)" → "daemon pid 12". */
    static String shortWhere(String where) {
        int paren = where.indexOf(" (");
        return paren > 0 ? where.substring(0, paren) : where;
    }

    static void draw(Painter p, ViewModel vm) {
        p.row(0, text(vm, p.width()), Style.HEADER);
    }
}
