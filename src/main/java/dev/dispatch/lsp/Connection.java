package dev.dispatch.lsp;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.ClientInfo;
import org.eclipse.lsp4j.DefinitionCapabilities;
import org.eclipse.lsp4j.DidChangeWatchedFilesCapabilities;
import org.eclipse.lsp4j.DocumentSymbolCapabilities;
import org.eclipse.lsp4j.HoverCapabilities;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.PublishDiagnosticsCapabilities;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ReferencesCapabilities;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.SymbolCapabilities;
import org.eclipse.lsp4j.SynchronizationCapabilities;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * One initialized LSP session with one server process: started, {@code initialize} answered within
 * the start timeout, {@code initialized} sent. What the server wrote to stdout first is kept, so a
 * program that is not a language server (it prints a banner, garbage) is named for what it did.
 */
final class Connection {
    final ServerProcess process;
    final LanguageServer server;
    final ServerCapabilities capabilities;

    private Connection(ServerProcess process, LanguageServer server, ServerCapabilities capabilities) {
        this.process = process;
        this.server = server;
        this.capabilities = capabilities;
    }

    /** Why a server could not be started; the message is for users. */
    static final class StartFailure extends Exception {
        StartFailure(String message) {
            super(message);
        }
    }

    static Connection open(
            ServerSpec spec,
            Path program,
            Path root,
            Map<String, String> env,
            Duration timeout,
            Consumer<PublishDiagnosticsParams> diagnostics,
            ExecutorService executor)
            throws StartFailure {
        ServerProcess process;
        try {
            process = ServerProcess.start(program, spec.args(), root, env, spec.env());
        } catch (IOException e) {
            throw new StartFailure("cannot run " + program + ": " + e.getMessage());
        }
        Head head = new Head(process.stdout());
        List<WorkspaceFolder> folders = List.of(new WorkspaceFolder(
                root.toUri().toString(),
                root.getFileName() == null ? "/" : root.getFileName().toString()));
        Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(
                new Client(diagnostics, folders), head, process.stdin(), executor, null);
        launcher.startListening();
        LanguageServer server = launcher.getRemoteProxy();
        try {
            InitializeResult result =
                    server.initialize(params(root, folders)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            server.initialized(new InitializedParams());
            return new Connection(process, server, result.getCapabilities());
        } catch (TimeoutException e) {
            process.kill(500);
            throw new StartFailure(spec.name() + " did not answer initialize within " + timeout.toMillis() + " ms"
                    + head.describe() + tail(process));
        } catch (ExecutionException e) {
            process.kill(500);
            String why = e.getCause() == null ? e.toString() : e.getCause().getMessage();
            throw new StartFailure(spec.name() + " failed to initialize: " + why + head.describe() + tail(process));
        } catch (InterruptedException e) {
            process.kill(500);
            Thread.currentThread().interrupt();
            throw new StartFailure(spec.name() + " start was interrupted");
        }
    }

    private static String tail(ServerProcess p) {
        String t = p.stderrTail();
        if (t.isEmpty()) return p.alive() ? "" : "; it exited";
        return "; its stderr: " + (t.length() > 400 ? "…" + t.substring(t.length() - 400) : t);
    }

    private static InitializeParams params(Path root, List<WorkspaceFolder> folders) {
        InitializeParams p = new InitializeParams();
        p.setProcessId((int) ProcessHandle.current().pid());
        p.setRootUri(root.toUri().toString());
        p.setWorkspaceFolders(folders);
        p.setClientInfo(new ClientInfo("dispatch"));
        TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
        PublishDiagnosticsCapabilities publish = new PublishDiagnosticsCapabilities(true);
        publish.setVersionSupport(true);
        text.setPublishDiagnostics(publish);
        text.setSynchronization(new SynchronizationCapabilities(false, false, true));
        text.setHover(new HoverCapabilities(List.of("plaintext", "markdown"), false));
        text.setDefinition(new DefinitionCapabilities(false, false));
        text.setReferences(new ReferencesCapabilities(false));
        DocumentSymbolCapabilities symbols = new DocumentSymbolCapabilities();
        symbols.setHierarchicalDocumentSymbolSupport(true);
        text.setDocumentSymbol(symbols);
        WorkspaceClientCapabilities workspace = new WorkspaceClientCapabilities();
        workspace.setSymbol(new SymbolCapabilities(false));
        workspace.setDidChangeWatchedFiles(new DidChangeWatchedFilesCapabilities(false));
        workspace.setWorkspaceFolders(true);
        ClientCapabilities caps = new ClientCapabilities();
        caps.setTextDocument(text);
        caps.setWorkspace(workspace);
        p.setCapabilities(caps);
        return p;
    }

    /** The first bytes the server wrote, to show when they were not LSP. */
    private static final class Head extends FilterInputStream {
        private final byte[] head = new byte[160];
        private int size;

        Head(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) keep(new byte[] {(byte) b}, 0, 1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) keep(buf, off, n);
            return n;
        }

        private synchronized void keep(byte[] buf, int off, int n) {
            int take = Math.min(n, head.length - size);
            if (take > 0) System.arraycopy(buf, off, head, size, take);
            size += Math.max(take, 0);
        }

        synchronized String describe() {
            if (size == 0) return "; it wrote nothing to stdout";
            String text = new String(head, 0, size, StandardCharsets.UTF_8);
            if (text.startsWith("Content-Length:")) return "";
            return "; it wrote what is not LSP to stdout: '" + text.strip().replaceAll("\\s+", " ") + "'";
        }
    }

    /** {@code shutdown} and {@code exit}, bounded (a one-shot run's exit waits for this), then the process group. */
    void stop() {
        try {
            server.shutdown().get(1, TimeUnit.SECONDS);
            server.exit();
            process.onExit().get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            // a server that does not stop politely is killed below
        }
        process.kill(1000);
    }
}
