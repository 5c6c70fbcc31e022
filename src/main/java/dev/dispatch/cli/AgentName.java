package dev.dispatch.cli;

/**
 * The one CLI convention for the acting agent: {@code --agent NAME}. Commands that once spelled it
 * otherwise ({@code msg send --from}, {@code task list --assignee}, {@code msg inbox A}) still accept
 * the old spelling, hidden from help, so scripts keep working; this picks the one given.
 */
final class AgentName {
    private AgentName() {}

    /**
     * {@code agent} from {@code --agent}, else {@code old} (given as {@code oldSpelling}); both given is
     * a usage error unless they agree. Null when neither was given.
     */
    static String of(String agent, String oldSpelling, String old) {
        return of("--agent", agent, oldSpelling, old);
    }

    /** As {@link #of(String, String, String)} for an option spelled {@code canonical}. */
    static String of(String canonical, String value, String oldSpelling, String old) {
        if (value != null && old != null && !value.equals(old)) {
            throw new CliException(
                    ExitCode.USAGE,
                    canonical + " '" + value + "' and " + oldSpelling + " '" + old + "' disagree; give only "
                            + canonical);
        }
        return value != null ? value : old;
    }

    /** As {@link #of(String, String, String)}, for a command that needs an agent: neither given is a usage error. */
    static String required(String agent, String oldSpelling, String old, String what) {
        String a = of(agent, oldSpelling, old);
        if (a == null) throw new CliException(ExitCode.USAGE, "Missing required option: '--agent=NAME' (" + what + ")");
        return a;
    }
}
