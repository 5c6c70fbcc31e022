package dev.dispatch.lsp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.MarkedString;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceSymbol;
import org.eclipse.lsp4j.WorkspaceSymbolParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * Definition, references, hover and symbol search, asked of the file's server and answered as text
 * lines in the 1-based {@code file:line:column} the file tools use, each with its source line.
 */
final class Navigation {
    /** The most locations or symbols one answer lists. */
    static final int MAX_RESULTS = 50;

    private final Workspace workspace;
    private final long timeoutMillis;
    /** Whether the asker may see a file; locations in others are withheld (permission deny rules). */
    private final java.util.function.Predicate<Path> visible;

    Navigation(Workspace workspace, long timeoutMillis, java.util.function.Predicate<Path> visible) {
        this.workspace = workspace;
        this.timeoutMillis = timeoutMillis;
        this.visible = visible;
    }

    String definition(Path file, int line, int column) throws InterruptedException {
        LanguageServer s = ready(file);
        var p = new DefinitionParams(id(file), position(line, column));
        Either<List<? extends Location>, List<? extends LocationLink>> r =
                await(s.getTextDocumentService().definition(p));
        List<Location> out = new ArrayList<>();
        if (r != null && r.isLeft()) out.addAll(r.getLeft());
        if (r != null && r.isRight())
            r.getRight().forEach(l -> out.add(new Location(l.getTargetUri(), l.getTargetSelectionRange())));
        return locations("definition", out);
    }

    String references(Path file, int line, int column) throws InterruptedException {
        LanguageServer s = ready(file);
        var p = new ReferenceParams(id(file), position(line, column), new ReferenceContext(true));
        List<? extends Location> r = await(s.getTextDocumentService().references(p));
        return locations("reference", r == null ? List.of() : new ArrayList<>(r));
    }

    String hover(Path file, int line, int column) throws InterruptedException {
        LanguageServer s = ready(file);
        Hover h = await(s.getTextDocumentService().hover(new HoverParams(id(file), position(line, column))));
        if (h == null || h.getContents() == null)
            return "nothing known at " + Rows.shown(workspace.root, file) + ":" + line + ":" + column;
        StringBuilder out = new StringBuilder();
        var c = h.getContents();
        if (c.isRight()) out.append(c.getRight().getValue());
        else
            for (Either<String, MarkedString> part : c.getLeft())
                out.append(part.isLeft() ? part.getLeft() : part.getRight().getValue())
                        .append('\n');
        String text = out.toString().strip();
        return text.length() > 4000 ? text.substring(0, 4000) + "\n[... cut]" : text;
    }

    /** Symbols whose name contains {@code query}, from every running server of the project. */
    String symbols(String query) throws InterruptedException {
        workspace.warm();
        List<String> out = new ArrayList<>();
        String q = query.toLowerCase(Locale.ROOT);
        for (ServerHandle h : workspace.servers().values()) {
            if (!h.awaitRunning(timeoutMillis)) continue;
            Optional<LanguageServer> s = h.server();
            if (s.isEmpty()) continue;
            List<String> found = new ArrayList<>();
            var caps = h.capabilities();
            if (caps != null && caps.getWorkspaceSymbolProvider() != null) {
                try {
                    var r = await(s.get().getWorkspaceService().symbol(new WorkspaceSymbolParams(query)));
                    if (r != null && r.isLeft())
                        for (SymbolInformation i : r.getLeft())
                            found.add(symbol(i.getName(), i.getKind(), i.getLocation()));
                    if (r != null && r.isRight())
                        for (WorkspaceSymbol w : r.getRight())
                            if (w.getLocation().isLeft())
                                found.add(symbol(
                                        w.getName(),
                                        w.getKind(),
                                        w.getLocation().getLeft()));
                } catch (IllegalStateException e) {
                    // a server that cannot search the workspace: its open documents below
                }
            }
            if (found.isEmpty()) {
                for (Path doc : h.openDocuments()) {
                    var r = await(s.get().getTextDocumentService().documentSymbol(new DocumentSymbolParams(id(doc))));
                    if (r == null) continue;
                    for (var e : r) {
                        if (e.isLeft())
                            found.add(symbol(
                                    e.getLeft().getName(),
                                    e.getLeft().getKind(),
                                    e.getLeft().getLocation()));
                        else flatten(doc, e.getRight(), found);
                    }
                }
            }
            for (String f : found)
                if (!f.isEmpty() && f.toLowerCase(Locale.ROOT).contains(q)) out.add(f);
        }
        if (out.isEmpty())
            return "no symbol matching '" + query
                    + "' (servers index the files agents opened and, for some, the whole project)";
        List<String> shown = out.stream().distinct().limit(MAX_RESULTS).toList();
        return String.join("\n", shown)
                + (out.size() > MAX_RESULTS ? "\n[... " + (out.size() - MAX_RESULTS) + " more]" : "");
    }

    private void flatten(Path doc, DocumentSymbol d, List<String> out) {
        out.add(symbol(d.getName(), d.getKind(), new Location(doc.toUri().toString(), d.getSelectionRange())));
        if (d.getChildren() != null) for (DocumentSymbol c : d.getChildren()) flatten(doc, c, out);
    }

    private boolean shows(Location l) {
        try {
            return visible.test(Path.of(java.net.URI.create(l.getUri())));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String symbol(String name, SymbolKind kind, Location at) {
        if (!shows(at)) return "";
        return name + " (" + (kind == null ? "symbol" : kind.name().toLowerCase(Locale.ROOT)) + ") " + where(at);
    }

    private String locations(String what, List<Location> all) {
        List<Location> found = all.stream().filter(this::shows).toList();
        if (found.isEmpty())
            return "no " + what + " found there"
                    + (all.isEmpty() ? "" : " (" + all.size() + " in files you may not read)");
        List<String> lines = new ArrayList<>();
        for (Location l : found.subList(0, Math.min(found.size(), MAX_RESULTS))) lines.add(where(l) + source(l));
        if (found.size() > MAX_RESULTS) lines.add("[... " + (found.size() - MAX_RESULTS) + " more]");
        return String.join("\n", lines);
    }

    private String where(Location l) {
        Path file = Path.of(java.net.URI.create(l.getUri()));
        Range r = l.getRange();
        return Rows.shown(workspace.root, file) + ":" + (r.getStart().getLine() + 1) + ":"
                + (r.getStart().getCharacter() + 1);
    }

    private static String source(Location l) {
        try {
            Path file = Path.of(java.net.URI.create(l.getUri()));
            Optional<String> text = Workspace.text(file);
            if (text.isEmpty()) return "";
            String[] lines = text.get().split("\n", -1);
            int n = l.getRange().getStart().getLine();
            if (n >= lines.length) return "";
            String s = lines[n].strip();
            return "  " + (s.length() > 200 ? s.substring(0, 200) + "…" : s);
        } catch (RuntimeException e) {
            return "";
        }
    }

    private LanguageServer ready(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        Optional<Workspace.Synced> synced = workspace.sync(file, false, deadline);
        if (synced.isEmpty())
            throw new IllegalArgumentException(
                    "no language server serves " + Rows.shown(workspace.root, file) + " (see dispatch lsp status)");
        ServerHandle h = synced.get().server();
        return h.server()
                .orElseThrow(() -> new IllegalArgumentException("language server " + h.spec.name() + " is "
                        + h.state().name().toLowerCase(Locale.ROOT) + (h.detail() == null ? "" : ": " + h.detail())));
    }

    private <T> T await(CompletableFuture<T> f) throws InterruptedException {
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            f.cancel(true);
            throw new IllegalStateException("the language server did not answer within " + timeoutMillis + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the language server failed: "
                    + (e.getCause() == null ? e : e.getCause().getMessage()));
        }
    }

    private static TextDocumentIdentifier id(Path file) {
        return new TextDocumentIdentifier(file.toUri().toString());
    }

    private static Position position(int line, int column) {
        return new Position(line - 1, column - 1);
    }
}
