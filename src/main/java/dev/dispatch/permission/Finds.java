package dev.dispatch.permission;

import dev.dispatch.permission.CommandAnalysis.Concern;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code find} and {@code fd}: their start directories are read (written with {@code -delete});
 * {@code -fprint FILE} and the like write; and {@code -exec}/{@code -execdir}/{@code -ok} (fd's
 * {@code -x}/{@code -X}) run a program on every match. That program is judged like any command, with
 * {@code {}} standing for anything below the start directories, and it is a concern: its arguments
 * come from the file system, not the command line.
 */
final class Finds {
    private static final Set<String> READ_VALUE = Set.of("-newer", "-anewer", "-cnewer", "-samefile", "-files0-from");

    private Finds() {}

    static void find(List<ShellToken> args, CommandAnalyser.Sink sink) {
        int i = 0;
        // -H -L -P -D debugopts -O3 come before the start points
        while (i < args.size() && args.get(i).text().matches("-[HLP]+|-D|-O[0-9]*"))
            i += args.get(i).text().equals("-D") ? 2 : 1;
        List<ShellToken> roots = new ArrayList<>();
        while (i < args.size()
                && !args.get(i).text().startsWith("-")
                && !args.get(i).text().equals("(")
                && !args.get(i).text().equals("!")
                && !args.get(i).text().equals(",")) {
            roots.add(args.get(i++));
        }
        boolean deletes = false;
        for (; i < args.size(); i++) {
            String t = args.get(i).text();
            if (t.matches("-exec|-execdir|-ok|-okdir")) {
                int end = i + 1;
                while (end < args.size()
                        && !args.get(end).text().equals(";")
                        && !args.get(end).text().equals("+")) end++;
                nested("find " + t, args.subList(i + 1, end), roots, t.endsWith("dir"), sink);
                i = end;
            } else if (t.equals("-delete")) {
                deletes = true;
            } else if (t.matches("-fprint0?|-fprintf|-fls") && i + 1 < args.size()) {
                sink.word(Operation.WRITE, args.get(++i), "find " + t);
            } else if ((READ_VALUE.contains(t) || t.matches("-newer[aBcmt][aBcmt]")) && i + 1 < args.size()) {
                sink.word(Operation.READ, args.get(++i), "find " + t);
            }
        }
        Operation op = deletes ? Operation.WRITE : Operation.READ;
        if (roots.isEmpty()) sink.cwd(op, "find");
        for (ShellToken r : roots) sink.word(op, r, "find " + r.text());
    }

    static void fd(List<ShellToken> args, CommandAnalyser.Sink sink) {
        List<ShellToken> plain = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i).text();
            if (t.matches("-x|--exec|-X|--exec-batch")) {
                int end = i + 1;
                while (end < args.size() && !args.get(end).text().equals(";")) end++;
                nested("fd " + t, args.subList(i + 1, end), List.of(), false, sink);
                i = end;
            } else if (!t.startsWith("-")) {
                plain.add(args.get(i));
            }
        }
        for (ShellToken p : plain) sink.word(Operation.READ, p, "fd " + p.text());
        sink.cwd(Operation.READ, "fd");
    }

    private static void nested(
            String how, List<ShellToken> words, List<ShellToken> roots, boolean inMatchDir, CommandAnalyser.Sink sink) {
        if (words.isEmpty()) {
            sink.concern(Concern.opaque("'" + how + "' has no command"));
            return;
        }
        sink.concern(Concern.opaque("'" + how + " " + words.get(0).text() + "' runs a program on every match, with"
                + " arguments the analyser cannot see"));
        List<ShellToken> starts = roots.isEmpty() ? List.of(ShellToken.fromPattern(".", words.get(0))) : roots;
        List<ShellToken> inner = new ArrayList<>();
        for (ShellToken w : words) {
            if (!w.text().contains("{}")) {
                inner.add(w);
                continue;
            }
            for (ShellToken r : starts) {
                String below = r.pattern().endsWith("/") ? r.pattern() : r.pattern() + "/";
                inner.add(ShellToken.fromPattern(below + ShellToken.UNKNOWN, w));
            }
        }
        Path before = sink.cwd;
        if (inMatchDir) sink.cwd = null;
        sink.run(sink.expandBraces(inner));
        sink.cwd = before;
    }
}
