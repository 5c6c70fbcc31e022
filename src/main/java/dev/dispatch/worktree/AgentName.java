package dev.dispatch.worktree;

import dev.dispatch.protocol.EngineException;
import java.util.regex.Pattern;

/**
 * The names external agents and their worktrees may have. One name becomes a directory
 * ({@code .dispatch/worktrees/NAME}), a branch ({@code dispatch/NAME}), a tmux session and socket
 * ({@code dispatch-NAME}) and a coordination agent, so it admits only what is plain in all four: no
 * {@code /} or {@code ..} (paths), no {@code :} or {@code .} (tmux targets), no spaces or shell characters.
 */
public final class AgentName {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,39}");

    private AgentName() {}

    /** {@code name} when valid; else an invalid-argument error naming the value and the rule. */
    public static String require(String name) {
        if (name == null || name.isEmpty())
            throw EngineException.invalid("agent name is empty; give a name such as 'worker-1'");
        if (!NAME.matcher(name).matches()) {
            throw EngineException.invalid(
                    "agent name '" + printable(name) + "' is not valid for an external agent: use"
                            + " 1-40 letters, digits, '-' or '_', starting with a letter or digit (it names a directory,"
                            + " a git branch and a tmux session, so '/', '..', ':', '.', spaces and shell characters are refused)");
        }
        return name;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(60).forEach(c -> {
            if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", c));
            else b.appendCodePoint(c);
        });
        if (s.codePointCount(0, s.length()) > 60) b.append('…');
        return b.toString();
    }
}
