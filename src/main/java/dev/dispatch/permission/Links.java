package dev.dispatch.permission;

import java.util.ArrayList;
import java.util.List;

/**
 * Links and copies. A hard link to a file gives whoever holds the link the file itself: a later
 * write through it changes the original, so the source of {@code ln} (and {@code cp -l}) is judged
 * as a write as well as a read. A symbolic link's target ({@code ln -s TARGET}, {@code cp -s}) is
 * where later reads and writes through the link land, so it is judged the same way, resolved both
 * from the working directory and from the link's own directory (where the kernel resolves it).
 * Copies read their sources and write the destination ({@code -t DIR} or the last operand).
 */
final class Links {
    private Links() {}

    static void ln(List<ShellToken> args, CommandAnalyser.Sink sink) {
        boolean symbolic = false;
        ShellToken targetDir = null;
        List<ShellToken> ops = new ArrayList<>();
        boolean options = true;
        for (int i = 0; i < args.size(); i++) {
            ShellToken a = args.get(i);
            String t = a.text();
            if (options && t.equals("--")) {
                options = false;
            } else if (options && t.startsWith("--")) {
                if (t.equals("--symbolic")) symbolic = true;
                if (t.startsWith("--target-directory=")) targetDir = a.drop(t.indexOf('=') + 1);
                else if (t.equals("--target-directory") && i + 1 < args.size()) targetDir = args.get(++i);
                else if (t.equals("--suffix") && i + 1 < args.size()) i++;
            } else if (options && t.startsWith("-") && t.length() > 1) {
                for (int k = 1; k < t.length(); k++) {
                    char c = t.charAt(k);
                    if (c == 's') symbolic = true;
                    if (c == 't' || c == 'S') {
                        ShellToken v =
                                k + 1 < t.length() ? a.drop(k + 1) : (i + 1 < args.size() ? args.get(++i) : null);
                        if (c == 't') targetDir = v;
                        break;
                    }
                }
            } else {
                ops.add(a);
            }
        }
        ShellToken dest = targetDir;
        List<ShellToken> sources = ops;
        if (dest == null && ops.size() >= 2) {
            dest = ops.get(ops.size() - 1);
            sources = ops.subList(0, ops.size() - 1);
        }
        if (dest != null) sink.word(Operation.WRITE, dest, "ln destination " + dest.text());
        else sink.cwd(Operation.WRITE, "ln");
        for (ShellToken s : sources) {
            String how = (symbolic ? "symlink target " : "hard link source ") + s.text();
            sink.word(Operation.READ, s, how);
            sink.word(Operation.WRITE, s, how);
            if (symbolic
                    && dest != null
                    && !s.text().startsWith("/")
                    && !s.text().startsWith("~")) {
                for (String via : List.of(dest.pattern() + "/../", dest.pattern() + "/")) {
                    ShellToken t = ShellToken.fromPattern(via + s.pattern(), s);
                    sink.word(Operation.READ, t, how + " (from the link's directory)");
                    sink.word(Operation.WRITE, t, how + " (from the link's directory)");
                }
            }
        }
    }

    static void copy(String name, List<ShellToken> args, CommandAnalyser.Sink sink) {
        boolean links = false;
        boolean dirs = false;
        ShellToken targetDir = null;
        List<ShellToken> ops = new ArrayList<>();
        boolean options = true;
        for (int i = 0; i < args.size(); i++) {
            ShellToken a = args.get(i);
            String t = a.text();
            if (options && t.equals("--")) {
                options = false;
            } else if (options && t.startsWith("--")) {
                if (t.equals("--link") || t.equals("--symbolic-link")) links = true;
                if (t.startsWith("--target-directory=")) targetDir = a.drop(t.indexOf('=') + 1);
                else if (t.equals("--target-directory") && i + 1 < args.size()) targetDir = args.get(++i);
            } else if (options && t.startsWith("-") && t.length() > 1) {
                for (int k = 1; k < t.length(); k++) {
                    char c = t.charAt(k);
                    if (name.equals("cp") && (c == 'l' || c == 's')) links = true;
                    if (name.equals("install") && c == 'd') dirs = true;
                    if (c == 't' && !name.equals("rsync") && !name.equals("scp")) {
                        targetDir = k + 1 < t.length() ? a.drop(k + 1) : (i + 1 < args.size() ? args.get(++i) : null);
                        break;
                    }
                    if ("SomgZ".indexOf(c) >= 0 && name.equals("install") || c == 'S' && name.equals("cp")) {
                        if (k + 1 == t.length() && i + 1 < args.size()) i++;
                        break;
                    }
                }
            } else {
                ops.add(a);
            }
        }
        if (dirs) {
            for (ShellToken o : ops) sink.word(Operation.WRITE, o, name + " -d " + o.text());
            return;
        }
        ShellToken dest = targetDir;
        List<ShellToken> sources = ops;
        if (dest == null && !ops.isEmpty()) {
            dest = ops.get(ops.size() - 1);
            sources = ops.subList(0, ops.size() - 1);
        }
        for (ShellToken s : sources) {
            ProgramOptions.operand(name, s, Operation.READ, sink);
            if (links) sink.word(Operation.WRITE, s, name + " link source " + s.text());
        }
        if (dest != null) sink.word(Operation.WRITE, dest, name + " destination " + dest.text());
    }
}
