package dev.dispatch.mcp;

import dev.dispatch.Prerequisite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official MCP packages from npm, installed by {@code .ci/run} into {@code
 * $HOME/.cache/dispatch-ci/npm} (or {@code DISPATCH_MCP_NPM}), and a way to run a committed node script
 * from {@code src/test/resources/mcp/} against them. Absent packages skip the test with the reason
 * printed, unless {@code DISPATCH_REQUIRE_MCP=1} (as {@code .ci/run} sets), when they fail it.
 */
public final class NpmMcp {
    /** How a node run ended. */
    record Run(int exit, String out, String err) {}

    private NpmMcp() {}

    public static Path cache() {
        String dir = System.getenv("DISPATCH_MCP_NPM");
        return dir != null && !dir.isBlank()
                ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".cache", "dispatch-ci", "npm");
    }

    /** The node_modules dir holding {@code pkg}, or a skip (a failure when required). */
    public static Path require(String pkg) {
        Path modules = cache().resolve("node_modules");
        String missing = null;
        if (!onPath("node")) missing = "node is not installed";
        else if (!Files.isRegularFile(modules.resolve(pkg).resolve("package.json")))
            missing = pkg + " is not installed in " + modules + " (.ci/run installs it)";
        if (missing != null) Prerequisite.missing("DISPATCH_REQUIRE_MCP", missing);
        return modules;
    }

    /**
     * Runs {@code script} (a resource under mcp/) with node, copied into {@code dir} next to a link to the
     * npm cache's node_modules (ES modules resolve packages from the script's directory, not NODE_PATH).
     */
    static Run node(Path dir, String script, List<String> args, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path modules = require("@modelcontextprotocol/sdk");
        Path copy = dir.resolve(script);
        try (var in = NpmMcp.class.getResourceAsStream("/mcp/" + script)) {
            if (in == null) throw new IllegalStateException("no resource mcp/" + script);
            Files.write(copy, in.readAllBytes());
        }
        Path link = dir.resolve("node_modules");
        if (!Files.exists(link)) Files.createSymbolicLink(link, modules);
        List<String> cmd = new ArrayList<>(List.of("node", copy.toString()));
        cmd.addAll(args);
        Path out = Files.createTempFile(dir, "node-out", ".txt");
        Path err = Files.createTempFile(dir, "node-err", ".txt");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("node " + script + " ran past " + timeoutSeconds + " s; stderr: "
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String d : path.split(":")) if (Files.isExecutable(Path.of(d, program))) return true;
        return false;
    }
}
