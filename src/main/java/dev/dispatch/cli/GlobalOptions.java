package dev.dispatch.cli;

import dev.dispatch.config.Dirs;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/**
 * Options every command accepts, declared once on the root and inherited by all subcommands. Built
 * with picocli's programmatic API, not annotations: reading annotations makes the JDK generate a proxy
 * class per annotation type at run time, which a bare {@code dispatch --version} would pay for
 * (see {@link DispatchCommand#model}).
 */
public final class GlobalOptions {
    Path dataDir;
    boolean debug;
    boolean noDaemon;

    /** The mixin {@code dispatch} adds to its root: {@code --data-dir}, {@code --debug} and {@code --no-daemon}, bound to this object. */
    CommandSpec mixin() {
        CommandSpec mixin = CommandSpec.create();
        mixin.addOption(OptionSpec.builder("--data-dir")
                .paramLabel("DIR")
                .type(Path.class)
                .scopeType(ScopeType.INHERIT)
                .description(
                        "Data directory holding the store (default: $DISPATCH_HOME/data or ~/.local/share/dispatch).")
                .setter(new ISetter() {
                    @Override
                    public <T> T set(T value) {
                        Path old = dataDir;
                        dataDir = (Path) value;
                        @SuppressWarnings("unchecked")
                        T previous = (T) old;
                        return previous;
                    }
                })
                .getter(new IGetter() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T get() {
                        return (T) dataDir;
                    }
                })
                .build());
        mixin.addOption(
                flag("--debug", "Print stack traces and internal detail on errors.", ScopeType.INHERIT, new Cell() {
                    @Override
                    boolean get() {
                        return debug;
                    }

                    @Override
                    void set(boolean value) {
                        debug = value;
                    }
                }));
        mixin.addOption(flag(
                "--no-daemon",
                "Never start a background owner for this command: with none running, open the store in-process"
                        + " (as DISPATCH_NO_DAEMON=1 or setting daemon.autostart: false).",
                ScopeType.INHERIT,
                new Cell() {
                    @Override
                    boolean get() {
                        return noDaemon;
                    }

                    @Override
                    void set(boolean value) {
                        noDaemon = value;
                    }
                }));
        return mixin;
    }

    /**
     * Where a programmatic flag keeps its value. An abstract class, not a lambda: the root command is built on
     * every start, and a lambda's bootstrap there cost {@code dispatch --version} ~12 ms.
     */
    abstract static class Cell {
        abstract boolean get();

        abstract void set(boolean value);
    }

    /** A programmatic boolean option kept in {@code cell} (false until given). */
    static OptionSpec flag(String name, String description, ScopeType scope, Cell cell) {
        return OptionSpec.builder(name)
                .type(boolean.class)
                .initialValue(Boolean.FALSE)
                .scopeType(scope)
                .description(description)
                .setter(new ISetter() {
                    @Override
                    public <T> T set(T value) {
                        boolean old = cell.get();
                        cell.set(Boolean.TRUE.equals(value));
                        @SuppressWarnings("unchecked")
                        T previous = (T) Boolean.valueOf(old);
                        return previous;
                    }
                })
                .getter(new IGetter() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T get() {
                        return (T) Boolean.valueOf(cell.get());
                    }
                })
                .build();
    }

    public Dirs dirs() {
        Dirs dirs = Dirs.resolve(Environment.current().vars());
        return dataDir == null ? dirs : dirs.withData(dataDir);
    }

    public boolean debug() {
        return debug;
    }

    /** {@code --no-daemon}: this command must not start a background owner. */
    public boolean noDaemon() {
        return noDaemon;
    }
}
