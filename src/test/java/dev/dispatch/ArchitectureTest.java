package dev.dispatch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Enforces the import arrows of ARCHITECTURE.md §2, the absence of cycles, and who may print. */
class ArchitectureTest {
    /** Package → the dev.dispatch packages it may import (besides itself). Keep in sync with §2. */
    static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        Set<String> below = Set.of(
                "agent",
                "tool",
                "permission",
                "provider",
                "session",
                "skill",
                "lsp",
                "coord",
                "config",
                "store",
                "bus",
                "fs",
                "shell",
                "protocol",
                "fleet",
                "worktree");
        ALLOWED.put("cli", Set.of("app", "client", "tui", "daemon", "mcp", "protocol", "config"));
        ALLOWED.put("tui", Set.of("protocol"));
        ALLOWED.put("client", Set.of("protocol", "config"));
        ALLOWED.put("daemon", Set.of("app", "mcp", "protocol", "config"));
        ALLOWED.put("mcp", Set.of("protocol"));
        // app → mcp: the engine's MCP client (McpClientModule) uses mcp's client and JSON-RPC framing; mcp
        // imports only protocol, so this adds no cycle (issue 21)
        Set<String> app = new java.util.HashSet<>(below);
        app.add("mcp");
        ALLOWED.put("app", Set.copyOf(app));
        ALLOWED.put("agent", Set.of("tool", "permission", "provider", "session", "skill", "config", "bus", "protocol"));
        ALLOWED.put("tool", Set.of("permission", "lsp", "coord", "skill", "session", "fs", "shell", "protocol"));
        ALLOWED.put("permission", Set.of("bus", "config", "protocol", "fs"));
        ALLOWED.put("session", Set.of("store", "protocol"));
        ALLOWED.put("coord", Set.of("store", "bus", "protocol"));
        ALLOWED.put("provider", Set.of("config", "protocol"));
        ALLOWED.put("skill", Set.of("config", "fs"));
        ALLOWED.put("lsp", Set.of("config", "fs", "protocol"));
        ALLOWED.put("fleet", Set.of("worktree", "config", "protocol"));
        ALLOWED.put("worktree", Set.of("protocol"));
        for (String leaf : List.of("protocol", "config", "store", "bus", "fs", "shell")) ALLOWED.put(leaf, Set.of());
    }

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.dispatch");
    }

    @TestFactory
    List<DynamicTest> eachPackageImportsOnlyWhatArchitectureAllows() {
        return ALLOWED.entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
                    Set<String> forbidden = new TreeSet<>(ALLOWED.keySet());
                    forbidden.removeAll(e.getValue());
                    forbidden.remove(e.getKey());
                    String[] pkgs = forbidden.stream()
                            .map(p -> "dev.dispatch." + p + "..")
                            .toArray(String[]::new);
                    noClasses()
                            .that()
                            .resideInAPackage("dev.dispatch." + e.getKey() + "..")
                            .should()
                            .dependOnClassesThat()
                            .resideInAnyPackage(pkgs)
                            .allowEmptyShould(true)
                            .check(classes);
                }))
                .toList();
    }

    @Test
    void everyPackageIsInTheMap() {
        Set<String> unknown = new TreeSet<>();
        classes.forEach(c -> {
            String pkg = c.getPackageName();
            if (pkg.equals("dev.dispatch")) return;
            String top = pkg.substring("dev.dispatch.".length()).split("\\.")[0];
            if (!ALLOWED.containsKey(top)) unknown.add(top);
        });
        org.assertj.core.api.Assertions.assertThat(unknown)
                .as("packages missing from ARCHITECTURE.md §2 (add them there and here)")
                .isEmpty();
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.dispatch.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyCliAndTuiTouchTheTerminal() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.dispatch.cli..", "dev.dispatch.tui..")
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .check(classes);
    }

    /**
     * The faces' own threads are platform threads. A virtual thread that blocks on a socket starts the
     * JDK's poller, a platform thread that sits in native {@code epoll_wait} for the rest of the JVM, and
     * {@code System.exit} waits up to 300 ms for threads in native code: every attached {@code run} took
     * 320 ms from its end event to its exit, where it now takes ~20 ms (issue 19). (An engine the face
     * hosts in-process runs its agents on virtual threads; that is the engine's business, not the face's.)
     */
    @Test
    void facesStartNoVirtualThreads() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.dispatch.cli..", "dev.dispatch.client..", "dev.dispatch.tui..")
                .should()
                .callMethod(Thread.class, "ofVirtual")
                .orShould()
                .callMethod(Thread.class, "startVirtualThread", Runnable.class)
                .orShould()
                .callMethod(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor")
                .check(classes);
    }

    /**
     * One door (ARCHITECTURE.md §1): commands reach the engine only through {@code cli.EngineAccess},
     * which picks the running owner or an in-process engine. A command that opened the store itself
     * failed with "data dir … is in use" whenever a daemon or a session ran.
     */
    @Test
    void commandsReachTheEngineOnlyThroughEngineAccess() {
        noClasses()
                .that()
                .resideInAPackage("dev.dispatch.cli..")
                .and()
                .doNotHaveSimpleName("EngineAccess")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.dispatch.app.Engines")
                .check(classes);
    }

    /**
     * One write path (issue 18): every journaled change commits through {@code coord.Ledger}, which
     * appends its events in the same transaction and publishes them on the bus once it commits. So no
     * class but the Ledger appends to the journal, and in coord no class but the Ledger (and Coord,
     * which builds it) holds the store, whose write is the only other way to change a coord table.
     */
    @Test
    void everyJournaledWriteGoesThroughTheLedger() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName("dev.dispatch.coord.Ledger")
                .and()
                .doNotHaveFullyQualifiedName("dev.dispatch.coord.Ledger$Tx")
                .should()
                .callMethodWhere(JavaCall.Predicates.target(DescribedPredicate.and(
                        AccessTarget.Predicates.declaredIn("dev.dispatch.store.Journal"),
                        HasName.Predicates.name("append"))))
                .because("a journal event appended outside the Ledger is never published to subscribers")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("dev.dispatch.coord..")
                .and()
                .doNotHaveFullyQualifiedName("dev.dispatch.coord.Ledger")
                .and()
                .doNotHaveFullyQualifiedName("dev.dispatch.coord.Coord")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.dispatch.store.Store")
                .because("coord writes go through Ledger.write (tx.emit), not Store.write")
                .check(classes);
    }
}
