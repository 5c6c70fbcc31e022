package dev.dispatch.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of a {@link SocketLane} command, read without picocli and only as far as they are
 * plainly unambiguous: {@code [--data-dir D] GROUP [NAME]} then {@code --opt value}, {@code --opt=value},
 * flags and positionals in any order. Anything picocli might read differently (an unknown or repeated
 * option, a value that looks like an option, a missing required option, a bad number) is
 * {@link Unsure}, and the command goes to picocli, which then prints the usual answer or error.
 */
final class LaneArgs {
    /** Thrown when picocli should decide; never shown to the user. */
    static final class Unsure extends Exception {
        Unsure() {
            super(null, null, false, false);
        }
    }

    private final LaneCommand command;
    private final Path dataDir;
    private final Map<String, List<String>> options;
    private final List<String> positionals;
    private final Set<String> read = new HashSet<>();
    private int positionalsRead;

    private LaneArgs(LaneCommand command, Path dataDir, Map<String, List<String>> options, List<String> positionals) {
        this.command = command;
        this.dataDir = dataDir;
        this.options = options;
        this.positionals = positionals;
    }

    /** Splits {@code args}; null when they name no {@link LaneCommand} or have a shape this lane does not read. */
    static LaneArgs parse(String[] args) {
        int i = 0;
        Path dataDir = null;
        while (i < args.length && args[i].startsWith("--data-dir")) {
            String value;
            if (args[i].equals("--data-dir") && i + 1 < args.length && !args[i + 1].startsWith("-")) {
                value = args[i + 1];
                i += 2;
            } else if (args[i].startsWith("--data-dir=")) {
                value = args[i].substring("--data-dir=".length());
                i++;
            } else {
                return null;
            }
            if (dataDir != null || (dataDir = path(value)) == null) return null;
        }
        if (i >= args.length || args[i].startsWith("-")) return null;
        LaneCommand command = LaneCommand.find(args[i], null);
        if (command != null) {
            i++;
        } else {
            if (i + 1 >= args.length || args[i + 1].startsWith("-")) return null;
            command = LaneCommand.find(args[i], args[i + 1]);
            if (command == null) return null;
            i += 2;
        }
        Map<String, List<String>> options = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        for (; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) {
                positionals.add(a);
                continue;
            }
            if (!a.startsWith("--") || a.equals("--")) return null;
            if (a.equals("--no-daemon")) continue; // the lane only runs while an owner serves: nothing to start
            int eq = a.indexOf('=');
            String opt = eq < 0 ? a : a.substring(0, eq);
            String value;
            if (command.isFlag(opt)) {
                if (eq >= 0) return null; // --flag=false and such: picocli's reading
                value = "true";
            } else if (eq >= 0) {
                value = a.substring(eq + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                value = args[++i];
            } else {
                return null;
            }
            if (opt.equals("--data-dir")) {
                if (dataDir != null || (dataDir = path(value)) == null) return null;
                continue;
            }
            List<String> values = options.get(opt);
            if (values == null) options.put(opt, values = new ArrayList<>(1));
            values.add(value);
        }
        return new LaneArgs(command, dataDir, options, positionals);
    }

    /** {@code --data-dir}'s value, or null for a path the file system refuses (picocli then says so). */
    private static Path path(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    LaneCommand command() {
        return command;
    }

    /** {@code --data-dir}, or null. */
    Path dataDir() {
        return dataDir;
    }

    /** The single value of {@code option}, or null when absent. */
    String value(String option) throws Unsure {
        read.add(option);
        List<String> v = options.get(option);
        if (v == null) return null;
        if (v.size() > 1) throw new Unsure(); // picocli refuses a single-valued option given twice
        return v.get(0);
    }

    String required(String option) throws Unsure {
        String v = value(option);
        if (v == null) throw new Unsure();
        return v;
    }

    /** Every value of a repeatable {@code option}, or null when absent (as picocli leaves the list). */
    List<String> values(String option) {
        read.add(option);
        List<String> v = options.get(option);
        return v == null ? null : List.copyOf(v);
    }

    boolean flag(String option) throws Unsure {
        return value(option) != null;
    }

    /** An optional {@code int}: plain digits only; anything else is picocli's to judge. */
    Integer integer(String option) throws Unsure {
        String v = digits(option, 9);
        return v == null ? null : Integer.valueOf(v);
    }

    /** An optional {@code long}: plain digits only; anything else is picocli's to judge. */
    Long whole(String option) throws Unsure {
        String v = digits(option, 18);
        return v == null ? null : Long.valueOf(v);
    }

    private String digits(String option, int most) throws Unsure {
        String v = value(option);
        if (v == null) return null;
        if (v.isEmpty() || v.length() > most) throw new Unsure();
        for (int k = 0; k < v.length(); k++) if (v.charAt(k) < '0' || v.charAt(k) > '9') throw new Unsure();
        return v;
    }

    /**
     * An optional enum value spelled exactly as one of its constants; anything else (another case, a
     * word it does not know) is picocli's to judge, which then names the value and the words allowed.
     */
    <E extends Enum<E>> E choice(String option, Class<E> type) throws Unsure {
        String v = value(option);
        if (v == null) return null;
        for (E e : type.getEnumConstants()) if (e.name().equals(v)) return e;
        throw new Unsure();
    }

    /** {@code --space}, or the default space of the working directory, as {@link SpaceMixin} resolves it. */
    String space() throws Unsure {
        return SpaceMixin.resolve(value("--space"));
    }

    /** The next positional parameter. */
    String positional() throws Unsure {
        if (positionalsRead >= positionals.size()) throw new Unsure();
        return positionals.get(positionalsRead++);
    }

    /** The next positional parameter, or null when none is left. */
    String optionalPositional() {
        return positionalsRead >= positionals.size() ? null : positionals.get(positionalsRead++);
    }

    /**
     * {@code --agent} or its old spelling {@code old} (an option, or the positional {@code positional}):
     * the one given; both given, or neither when {@code required}, is picocli's to judge.
     */
    String agent(String old, String positional, boolean required) throws Unsure {
        String agent = value("--agent");
        String other = old != null ? value(old) : positional;
        if (agent != null && other != null) throw new Unsure();
        String a = agent != null ? agent : other;
        if (a == null && required) throw new Unsure();
        return a;
    }

    /** The options asked for so far (given or not): {@code SocketLaneTest} holds them to picocli's. */
    Set<String> optionsRead() {
        return Set.copyOf(read);
    }

    /** Unsure unless every option and positional given was read ({@code --json} is the lane's own). */
    void done() throws Unsure {
        if (positionalsRead != positionals.size()) throw new Unsure();
        for (String opt : options.keySet()) if (!read.contains(opt)) throw new Unsure();
    }
}
