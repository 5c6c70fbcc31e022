package dev.dispatch.tui;

import dev.dispatch.protocol.SessionBrowseOps.CostReport;
import dev.dispatch.protocol.SessionBrowseOps.UsageLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A session's cost report as plain lines, one form for every face: {@code dispatch sessions cost},
 * {@code /cost} in {@code dispatch chat}, and {@code /cost} in the workbench.
 */
public final class CostLines {
    private CostLines() {}

    public static List<String> of(CostReport r) {
        List<String> out = new ArrayList<>();
        out.add("session " + r.sessionId() + "  " + (r.title() == null ? "" : r.title()));
        out.add("  total: " + usage(r.inputTokens(), r.outputTokens(), r.costUsd()));
        for (UsageLine l : r.byProvider())
            out.add("  provider " + l.provider() + ": " + usage(l.inputTokens(), l.outputTokens(), l.costUsd()));
        for (UsageLine l : r.byModel())
            out.add("    model " + l.model() + " (" + l.provider() + ") key " + (l.keyId() == null ? "-" : l.keyId())
                    + ": " + usage(l.inputTokens(), l.outputTokens(), l.costUsd()));
        return out;
    }

    private static String usage(long in, long out, double usd) {
        return in + " in, " + out + " out, " + String.format(Locale.ROOT, "$%.4f", usd);
    }
}
