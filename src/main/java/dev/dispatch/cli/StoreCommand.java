package dev.dispatch.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.app.StoreProbe;
import dev.dispatch.protocol.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch store check|recover}: whether the store file is whole, and salvaging a damaged one. Both
 * need the data dir to themselves: stop the daemon or session first.
 */
@Command(
        name = "store",
        mixinStandardHelpOptions = true,
        description = {
            "Check the store file, salvage a damaged one into a new store, or migrate it to PostgreSQL.",
            "A damaged store is refused by every command until 'dispatch store recover' has run; the damaged",
            "file is never modified: recover moves it aside (dispatch.mv.db.damaged-<time>) and keeps it."
        })
public final class StoreCommand extends GroupCommand {

    /** {@code dispatch store check}. JSON: {@code {"ok", "file", "exists", "problem", "bytes", "schema_version", "journal_last_seq", "tables": [{"table", "rows"}]}}. */
    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = {
                "Check the store without changing it: OK with the rows per table and the journal's last id,",
                "or what is wrong. Exit 1 when it is damaged. Refused while a daemon or session owns the data dir.",
                "On PostgreSQL (store.url) it reads the database while daemons run: schema version against this",
                "dispatch's (exit 1 when newer), rows per table and the journal's last id, from one snapshot."
            })
    public static final class Check implements Callable<Integer> {
        @Mixin
        JsonMixin json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            StoreProbe.Check r = StoreProbe.check(
                    Cli.globals(spec).dirs(), Environment.current().vars());
            PrintWriter out = spec.commandLine().getOut();
            boolean ok = r.problem() == null;
            if (json.enabled()) {
                ObjectNode root = Json.mapper().createObjectNode();
                root.put("ok", ok);
                root.put("file", r.file());
                root.put("exists", r.exists());
                root.put("problem", r.problem());
                root.put("bytes", r.bytes());
                root.put("schema_version", r.schemaVersion());
                root.put("journal_last_seq", r.journalLastSeq());
                tables(root.putArray("tables"), r.tables(), false);
                out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
            } else if (!r.exists()) {
                out.println("no store yet at " + r.file() + " (created on first use)");
            } else if (ok) {
                out.println("OK " + r.file() + " (" + r.bytes() + " bytes, schema version " + r.schemaVersion()
                        + ", journal last id " + r.journalLastSeq() + ")");
                text(out, r.tables(), false);
            } else {
                boolean pg = r.file().startsWith("postgresql://");
                out.println((pg ? "NOT USABLE " : "DAMAGED ") + r.file() + ": " + r.problem());
                if (!pg)
                    out.println(
                            "Run 'dispatch store recover' to salvage it into a new store (the damaged file is kept).");
            }
            out.flush();
            return ok ? ExitCode.OK.code() : ExitCode.ERROR.code();
        }
    }

    /** {@code dispatch store recover}. JSON: {@code {"file", "kept_as", "script", "read_problem", "tables": [{"table", "rows", "lost"}]}}. */
    @Command(
            name = "recover",
            mixinStandardHelpOptions = true,
            description = {
                "Salvage the store with H2's recovery tool: build a new store from every row that can be read,",
                "move the old file aside (kept as dispatch.mv.db.damaged-<time>, with the SQL H2 read from it),",
                "and report per table how many rows were salvaged. Refused while a daemon or session owns the data dir.",
                "H2 only: on PostgreSQL (store.url) it is refused with nothing changed; PostgreSQL recovers itself",
                "from its write-ahead log, and a lost database comes back from backups (pg_dump/pg_restore, PITR)."
            })
    public static final class Recover implements Callable<Integer> {
        @Mixin
        JsonMixin json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            StoreProbe.Recovered r = StoreProbe.recover(
                    Cli.globals(spec).dirs(), Environment.current().vars());
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled()) {
                ObjectNode root = Json.mapper().createObjectNode();
                root.put("file", r.file());
                root.put("kept_as", r.keptAs());
                root.put("script", r.script());
                root.put("read_problem", r.readProblem());
                tables(root.putArray("tables"), r.salvaged(), true);
                out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
            } else {
                if (r.keptAs() == null) {
                    out.println(r.readProblem());
                } else {
                    out.println("recovered into a new store at " + r.file());
                    out.println("the old file is kept as " + r.keptAs());
                    if (r.script() != null) out.println("the SQL H2 could read from it: " + r.script());
                    if (r.readProblem() != null) out.println("note: " + r.readProblem());
                    out.println("salvaged rows per table:");
                    text(out, r.salvaged(), true);
                }
            }
            out.flush();
            return ExitCode.OK.code();
        }
    }

    /** {@code dispatch store migrate --to URL}. JSON: {@code {"target", "journal_last_id", "millis", "tables": [{"table", "rows"}]}}. */
    @Command(
            name = "migrate",
            mixinStandardHelpOptions = true,
            description = {
                "Copy this H2 store into an empty PostgreSQL database (docs/postgresql.md), in one transaction:",
                "every table's rows and the journal's last id are verified before the commit, any difference rolls",
                "it all back. The H2 file is only read. Then set store.url (or DISPATCH_STORE_URL) to use it.",
                "Refused while a daemon or session owns the data dir."
            })
    public static final class Migrate implements Callable<Integer> {
        @Mixin
        JsonMixin json;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Option(
                names = "--to",
                required = true,
                paramLabel = "URL",
                description = "The target database: postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE (empty).")
        String to;

        @Override
        public Integer call() throws Exception {
            var r = dev.dispatch.app.SharedStore.migrate(Cli.globals(spec).dirs(), to);
            PrintWriter out = spec.commandLine().getOut();
            List<StoreProbe.TableRows> rows = r.rows().entrySet().stream()
                    .map(e -> new StoreProbe.TableRows(e.getKey(), e.getValue(), 0))
                    .toList();
            if (json.enabled()) {
                ObjectNode root = Json.mapper().createObjectNode();
                root.put("target", r.target());
                root.put("journal_last_id", r.journalLastId());
                root.put("millis", r.millis());
                tables(root.putArray("tables"), rows, false);
                out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
            } else {
                out.println("migrated into " + r.target() + " in " + r.millis() + " ms (verified: rows per table and"
                        + " journal last id " + r.journalLastId() + ")");
                text(out, rows, false);
                out.println("use it: set store.url in your user dispatch.yaml, or DISPATCH_STORE_URL");
            }
            out.flush();
            return ExitCode.OK.code();
        }
    }

    private static void tables(ArrayNode arr, List<StoreProbe.TableRows> tables, boolean lost) {
        for (StoreProbe.TableRows t : tables) {
            ObjectNode n = arr.addObject();
            n.put("table", t.table().toLowerCase(java.util.Locale.ROOT));
            n.put("rows", t.rows());
            if (lost) n.put("lost", t.lost());
        }
    }

    private static void text(PrintWriter out, List<StoreProbe.TableRows> tables, boolean lost) {
        int w = tables.stream().mapToInt(t -> t.table().length()).max().orElse(0);
        for (StoreProbe.TableRows t : tables) {
            out.print("  " + String.format("%-" + w + "s", t.table().toLowerCase(java.util.Locale.ROOT)) + "  "
                    + t.rows());
            out.println(lost && t.lost() > 0 ? " (" + t.lost() + " read but refused)" : "");
        }
    }
}
