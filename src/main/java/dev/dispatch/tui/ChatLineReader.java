package dev.dispatch.tui;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;

/**
 * {@code dispatch chat}'s line editor: JLine's, except that a large bracketed paste (more than
 * {@link InputState#PASTE_LINES} lines or {@link InputState#PASTE_CHARS} characters) goes into the line
 * as a placeholder ({@code [pasted 240 lines]}), as in the workbench, so a pasted file does not flood
 * the prompt; {@link #expand} puts the full text back before the line is sent.
 */
final class ChatLineReader extends LineReaderImpl {
    /** Placeholder in the line → the pasted text it stands for (the line being edited only). */
    private final Map<String, String> pastes = new LinkedHashMap<>();

    ChatLineReader(Terminal terminal) throws IOException {
        super(terminal, "dispatch");
    }

    @Override
    public boolean beginPaste() {
        String s = doReadStringUntil(BRACKETED_PASTE_END).replace("\r\n", "\n").replace('\r', '\n');
        int lines = (int) s.chars().filter(c -> c == '\n').count() + (s.endsWith("\n") ? 0 : 1);
        if (lines <= InputState.PASTE_LINES && s.length() <= InputState.PASTE_CHARS) {
            putString(s);
            return true;
        }
        String label = "[pasted " + lines + " lines]";
        for (int n = 2; pastes.containsKey(label) && !pastes.get(label).equals(s); n++)
            label = "[pasted " + lines + " lines #" + n + "]";
        pastes.put(label, s);
        putString(label);
        return true;
    }

    /** {@code line} with each placeholder still in it replaced by its paste; forgets the pastes. */
    String expand(String line) {
        String out = line;
        for (var p : pastes.entrySet()) out = out.replace(p.getKey(), p.getValue());
        pastes.clear();
        return out;
    }
}
