package dev.dispatch.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * The top row: space, provider/model of the selected agent (else the defaults), sandbox, key status
 * and where the engine runs (in-process or attached to a daemon). Unknowns say "unknown".
 */
final class HeaderBar {
    private HeaderBar() {}

    static String text(ViewModel vm) {
        HeaderInfo h = vm.header;
        AgentView a = vm.selected();
        String provider = a != null && a.provider != null ? a.provider : h.provider();
        String model = a != null && a.model != null ? a.model : h.model();
        List<String> parts = new ArrayList<>();
        parts.add("Dispatch");
        parts.add("space " + h.space());
        parts.add(provider + " / " + model);
        parts.add("sandbox: " + h.sandbox());
        parts.add("keys: " + h.keys());
        parts.add(h.engineWhere);
        return " " + String.join(" │ ", parts);
    }

    static void draw(Painter p, ViewModel vm) {
        p.row(0, text(vm), Style.HEADER);
    }
}
