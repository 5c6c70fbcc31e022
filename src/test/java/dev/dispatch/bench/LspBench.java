package dev.dispatch.bench;

import dev.dispatch.config.LspConfig;
import dev.dispatch.lsp.LspManager;
import dev.dispatch.lsp.LspServers;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsCapabilities;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * Edit → diagnostics in the tool result, per real server, against the server's own time to publish:
 * a raw LSP4J client sends the same alternating good/bad text as a didChange and times the publish
 * of that version; Dispatch's {@link LspManager#afterWrite} is timed from the atomic write of the file
 * (as write_file does it) to the report. Rounds interleave, each side with its own server process.
 * Memory: RSS of each server's process tree. Usage: LspBench [ROUNDS=30]
 */
public final class LspBench {
    record Case(
            String name,
            String command,
            List<String> args,
            String file,
            String setupFile,
            String setup,
            String good,
            String bad) {}

    public static void main(String[] a) throws Exception {
        java.util.logging.Logger.getLogger("org.eclipse.lsp4j").setLevel(java.util.logging.Level.OFF);
        int rounds = a.length > 0 ? Integer.parseInt(a[0]) : 30;
        List<Case> cases = List.of(
                new Case(
                        "clangd",
                        "clangd",
                        List.of(),
                        "main.c",
                        "compile_flags.txt",
                        "-Wall\n",
                        "int main(void) {\n    int x = 1;\n    return x;\n}\n",
                        "int main(void) {\n    int x = missing;\n    return x;\n}\n"),
                new Case(
                        "python (pylsp)",
                        "pylsp",
                        List.of(),
                        "app.py",
                        "pyproject.toml",
                        "[project]\nname = \"b\"\n",
                        "def f():\n    return 1\n",
                        "def f():\n    return undefined_name\n"),
                new Case(
                        "typescript",
                        "typescript-language-server",
                        List.of("--stdio"),
                        "a.ts",
                        "tsconfig.json",
                        "{\"compilerOptions\":{\"strict\":true}}\n",
                        "export const n: number = 1;\n",
                        "export const n: number = true;\n"));
        System.out.printf("rounds %d, load %.2f%n", rounds, load());
        for (Case c : cases) {
            Path exe = find(c.command());
            if (exe == null) {
                System.out.println(c.name() + ": not installed, skipped");
                continue;
            }
            run(c, exe, rounds);
        }
        System.out.printf("load at end %.2f%n", load());
    }

    static void run(Case c, Path exe, int rounds) throws Exception {
        Path rawRoot = Files.createTempDirectory("lspbench-raw").toRealPath();
        Path dRoot = Files.createTempDirectory("lspbench-d").toRealPath();
        for (Path r : List.of(rawRoot, dRoot)) {
            Files.writeString(r.resolve(c.setupFile()), c.setup());
            Files.writeString(r.resolve(c.file()), c.good());
        }
        // the raw client
        List<String> cmd = new ArrayList<>(List.of(exe.toString()));
        cmd.addAll(c.args());
        ProcessBuilder pb =
                new ProcessBuilder(cmd).directory(rawRoot.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PATH", LspServers.env().get("PATH"));
        Process raw = pb.start();
        BlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();
        var launcher =
                LSPLauncher.createClientLauncher(new Recorder(published), raw.getInputStream(), raw.getOutputStream());
        launcher.startListening();
        LanguageServer server = launcher.getRemoteProxy();
        InitializeParams init = new InitializeParams();
        init.setProcessId((int) ProcessHandle.current().pid());
        init.setRootUri(rawRoot.toUri().toString());
        init.setWorkspaceFolders(List.of(new WorkspaceFolder(rawRoot.toUri().toString(), "raw")));
        TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
        PublishDiagnosticsCapabilities pd = new PublishDiagnosticsCapabilities(true);
        pd.setVersionSupport(true);
        text.setPublishDiagnostics(pd);
        ClientCapabilities caps = new ClientCapabilities();
        caps.setTextDocument(text);
        init.setCapabilities(caps);
        server.initialize(init).get(60, TimeUnit.SECONDS);
        server.initialized(new InitializedParams());
        String uri = rawRoot.resolve(c.file()).toUri().toString();
        String lang = c.file().endsWith(".py") ? "python" : c.file().endsWith(".c") ? "c" : "typescript";
        server.getTextDocumentService()
                .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, lang, 1, c.good())));
        awaitPublish(published, uri, 1);
        // Dispatch
        LspConfig config = new LspConfig(true, true, true, Duration.ofSeconds(30), Duration.ofSeconds(60), Map.of());
        LspManager manager = new LspManager(root -> config, LspServers.env(), e -> {});
        Path dFile = dRoot.resolve(c.file());
        manager.afterWrite(dRoot, dFile);

        List<Double> rawMs = new ArrayList<>();
        List<Double> dMs = new ArrayList<>();
        int version = 1;
        int warm = 5;
        for (int i = 0; i < rounds + warm; i++) {
            String next = i % 2 == 0 ? c.bad() : c.good();
            version++;
            long t0 = System.nanoTime();
            server.getTextDocumentService()
                    .didChange(new DidChangeTextDocumentParams(
                            new VersionedTextDocumentIdentifier(uri, version),
                            List.of(new TextDocumentContentChangeEvent(next))));
            awaitPublish(published, uri, version);
            double r = (System.nanoTime() - t0) / 1e6;
            long t1 = System.nanoTime();
            Path tmp = dRoot.resolve("." + c.file() + ".tmp");
            Files.writeString(tmp, next);
            Files.move(tmp, dFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            String report = manager.afterWrite(dRoot, dFile).orElseThrow().text();
            double d = (System.nanoTime() - t1) / 1e6;
            if (i == warm)
                System.out.println(
                        "  sample report: " + report.lines().findFirst().orElse(""));
            if (i >= warm) {
                rawMs.add(r);
                dMs.add(d);
            }
        }
        long rawRss = rss(raw.toHandle());
        long dRss = manager.pids(dRoot).values().stream()
                .mapToLong(p -> ProcessHandle.of(p).map(LspBench::rss).orElse(0L))
                .sum();
        System.out.printf(
                "%s: server publish p50 %.1f ms p90 %.1f ms | Dispatch edit->report p50 %.1f ms p90 %.1f ms | overhead p50 %.1f ms p90 %.1f ms | RSS raw %d MiB, Dispatch's %d MiB%n",
                c.name(),
                pct(rawMs, 50),
                pct(rawMs, 90),
                pct(dMs, 50),
                pct(dMs, 90),
                pct(dMs, 50) - pct(rawMs, 50),
                pct(dMs, 90) - pct(rawMs, 90),
                rawRss >> 20,
                dRss >> 20);
        manager.close();
        try {
            server.shutdown().get(5, TimeUnit.SECONDS);
            server.exit();
        } catch (Exception e) {
            // killed below
        }
        raw.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        raw.destroyForcibly();
    }

    static void awaitPublish(BlockingQueue<PublishDiagnosticsParams> q, String uri, int version) throws Exception {
        Path want = Path.of(URI.create(uri));
        while (true) {
            PublishDiagnosticsParams p = q.poll(60, TimeUnit.SECONDS);
            if (p == null) throw new IllegalStateException("no publish for version " + version);
            if (!Path.of(URI.create(p.getUri())).equals(want)) continue;
            if (p.getVersion() == null || p.getVersion() >= version) return;
        }
    }

    static double pct(List<Double> xs, int p) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
    }

    /** RSS of a process and its descendants, from /proc. */
    static long rss(ProcessHandle h) {
        long total = 0;
        List<ProcessHandle> all = new ArrayList<>(List.of(h));
        all.addAll(h.descendants().toList());
        for (ProcessHandle p : all) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(p.pid()), "status")))
                    if (line.startsWith("VmRSS:")) total += Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            } catch (Exception e) {
                // gone
            }
        }
        return total;
    }

    static double load() throws Exception {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    static Path find(String command) {
        for (String dir : LspServers.env().get("PATH").split(File.pathSeparator)) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** Records publishes; answers nothing else. */
    record Recorder(BlockingQueue<PublishDiagnosticsParams> published) implements LanguageClient {
        @Override
        public void publishDiagnostics(PublishDiagnosticsParams p) {
            published.add(p);
        }

        @Override
        public void telemetryEvent(Object o) {}

        @Override
        public void showMessage(MessageParams m) {}

        @Override
        public java.util.concurrent.CompletableFuture<MessageActionItem> showMessageRequest(
                ShowMessageRequestParams p) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }

        @Override
        public void logMessage(MessageParams m) {}

        @Override
        public void notifyProgress(org.eclipse.lsp4j.ProgressParams p) {}

        @Override
        public java.util.concurrent.CompletableFuture<Void> createProgress(
                org.eclipse.lsp4j.WorkDoneProgressCreateParams p) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }

        @Override
        public java.util.concurrent.CompletableFuture<List<Object>> configuration(
                org.eclipse.lsp4j.ConfigurationParams p) {
            return java.util.concurrent.CompletableFuture.completedFuture(
                    new ArrayList<>(Collections.nCopies(p.getItems().size(), null)));
        }

        @Override
        public java.util.concurrent.CompletableFuture<Void> registerCapability(org.eclipse.lsp4j.RegistrationParams p) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
    }
}
