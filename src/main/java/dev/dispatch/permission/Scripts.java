package dev.dispatch.permission;

import dev.dispatch.permission.CommandAnalysis.Concern;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code sed} and {@code awk}: their first operand is a program, not a file. A sed script can write
 * ({@code w}), read ({@code r}) or run ({@code e}) other files; an awk program can run commands,
 * read with {@code getline} and write with {@code >}; a script from a file ({@code -f}) is not read
 * at all. Those are concerns; the files they edit or read are judged as paths.
 */
final class Scripts {
    private Scripts() {}

    private static final Pattern SED_DANGER = Pattern.compile("(^|[;\\n}{!0-9$/])\\s*[ewWrR]|[/|#,:@][gpIiMm0-9]*[we]");

    static void sed(List<ShellToken> args, CommandAnalyser.Sink sink) {
        boolean inPlace = args.stream().map(ShellToken::text).anyMatch(t -> t.matches("-[a-zA-Z]*i.*|--in-place.*"));
        List<String> scripts = new ArrayList<>();
        boolean scriptOption = false;
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i).text();
            if ((t.equals("-e") || t.equals("--expression")) && i + 1 < args.size()) {
                scripts.add(args.get(i + 1).text());
                scriptOption = true;
            } else if (t.startsWith("--expression=")) {
                scripts.add(t.substring(13));
                scriptOption = true;
            } else if (t.matches("-f|--file(=.*)?|-[a-zA-Z]*f.*") && !t.startsWith("--f") || t.startsWith("--file")) {
                sink.concern(Concern.opaque("'sed -f' runs a script file the analyser does not read"));
                scriptOption = true;
            }
        }
        List<ShellToken> ops = CommandCatalog.operands(args);
        if (!scriptOption && !ops.isEmpty()) {
            scripts.add(ops.get(0).text());
            ops = ops.subList(1, ops.size());
        }
        for (String s : scripts) {
            String stripped = s.replaceAll("s(.)(?:\\\\.|(?!\\1).)*\\1(?:\\\\.|(?!\\1).)*\\1", "s/")
                    .replaceAll("y(.)(?:\\\\.|(?!\\1).)*\\1(?:\\\\.|(?!\\1).)*\\1", "y")
                    .replaceAll("/(?:\\\\.|[^/])*/", "/");
            if (SED_DANGER.matcher(stripped).find()) {
                sink.concern(Concern.opaque("the sed script may read or write other files or run commands (e, r, w)"));
            }
        }
        for (ShellToken o : ops) sink.word(inPlace ? Operation.WRITE : Operation.READ, o, "sed " + o.text());
        if (ops.isEmpty() && inPlace) sink.cwd(Operation.WRITE, "sed");
    }

    static void awk(List<ShellToken> args, CommandAnalyser.Sink sink) {
        List<ShellToken> ops = CommandCatalog.operands(args);
        boolean programFile = args.stream()
                .map(ShellToken::text)
                .anyMatch(t -> t.matches("-[a-zA-Z]*[fiIlE].*|--(file|include|load|exec|source).*"));
        if (programFile)
            sink.concern(Concern.opaque("the awk program comes from a file or library the analyser does not read"));
        if (!ops.isEmpty() && !programFile) {
            String program = ops.get(0).text();
            if (program.contains("system")
                    || program.contains(">")
                    || program.contains("|")
                    || program.contains("getline")
                    || program.contains("@")
                    || program.contains("ENVIRON")
                    || program.contains("PROCINFO")) {
                sink.concern(Concern.opaque("the awk program may run commands, read or write other files"));
            }
            ops = ops.subList(1, ops.size());
        }
        for (ShellToken o : ops) {
            if (!ShellParser.isAssignment(o.text())) sink.word(Operation.READ, o, "awk " + o.text());
        }
    }
}
