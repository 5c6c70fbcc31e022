package dev.dispatch.bench;

import dev.dispatch.config.Dirs;
import dev.dispatch.session.SessionBulk;
import dev.dispatch.store.Store;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes one long recorded session for bench/face-ready.py's resume-to-first-paint figure (issue 23): MESSAGES
 * alternating user/assistant messages of ~30 words in the project's space, the last one ending in a word
 * nothing else contains. Prints the session id and that word (the bench waits for it on the terminal).
 *
 * <p>Usage: ResumeSeed DISPATCH_HOME PROJECT_DIR MESSAGES
 */
public final class ResumeSeed {
    public static void main(String[] args) {
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", args[0]));
        Path project = Path.of(args[1]).toAbsolutePath().normalize();
        int count = Integer.parseInt(args[2]);
        String last = "resume-bench-last-" + count;
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder s = new StringBuilder("message ").append(i + 1).append(':');
            for (int w = 0; w < 28; w++) s.append(" word").append((i * 31 + w * 7) % 997);
            texts.add(s.toString());
        }
        texts.set(count - 1, "the answer ends here " + last);
        String id = "ses_resumebench";
        try (Store store = Store.open(dirs.data())) {
            SessionBulk.write(
                    store,
                    id,
                    project.getFileName().toString(),
                    project.toString(),
                    "resume bench",
                    Instant.now().minusSeconds(count),
                    texts);
        }
        System.out.println(id + " " + last);
    }
}
