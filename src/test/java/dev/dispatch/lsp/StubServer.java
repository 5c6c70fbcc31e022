package dev.dispatch.lsp;

import dev.dispatch.config.LspConfig;
import dev.dispatch.config.LspServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fake language servers as executable scripts, for what real ones will not do on demand: a minimal
 * LSP server in Python that reports one error per line containing BAD (for {@code .stub} files, and
 * for a file announced as created by {@code workspace/didChangeWatchedFiles}) and
 * ignores the end of its stdin (so only Dispatch's wrapper can end it); one that prints garbage; one
 * that never answers {@code initialize}; and ("late") the first one sending no document versions and
 * answering an open 1.5 s late, as a busy typescript-language-server does.
 */
public final class StubServer {
    static final String LSP =
            """
            import json, sys, time, urllib.parse
            LATE = '--late' in sys.argv
            def read():
                headers = {}
                while True:
                    line = sys.stdin.buffer.readline()
                    if not line:
                        return None
                    line = line.strip()
                    if not line:
                        break
                    k, v = line.split(b':', 1)
                    headers[k.strip().lower()] = v.strip()
                return json.loads(sys.stdin.buffer.read(int(headers[b'content-length'])))
            def send(obj):
                b = json.dumps(obj).encode()
                sys.stdout.buffer.write(b'Content-Length: %d\\r\\n\\r\\n' % len(b) + b)
                sys.stdout.buffer.flush()
            def publish(uri, version, text):
                diags = [{'range': {'start': {'line': i, 'character': line.index('BAD')},
                                    'end': {'line': i, 'character': line.index('BAD') + 3}},
                          'severity': 1, 'source': 'stub', 'message': 'BAD number %d' % n}
                         for n, (i, line) in enumerate([(i, l) for i, l in enumerate(text.split('\\n')) if 'BAD' in l])]
                send({'jsonrpc': '2.0', 'method': 'textDocument/publishDiagnostics',
                      'params': {'uri': uri, 'version': version, 'diagnostics': diags}})
            while True:
                m = read()
                if m is None:
                    while True:
                        time.sleep(1000)
                method = m.get('method')
                if method == 'initialize':
                    send({'jsonrpc': '2.0', 'id': m['id'], 'result': {'capabilities': {'textDocumentSync': 1}}})
                elif method == 'shutdown':
                    send({'jsonrpc': '2.0', 'id': m['id'], 'result': None})
                elif method == 'exit':
                    sys.exit(0)
                elif method == 'textDocument/didOpen':
                    d = m['params']['textDocument']
                    if LATE:
                        time.sleep(1.5)
                    publish(d['uri'], None if LATE else d['version'], d['text'])
                elif method == 'textDocument/didChange':
                    d = m['params']['textDocument']
                    publish(d['uri'], None if LATE else d['version'], m['params']['contentChanges'][-1]['text'])
                elif method == 'workspace/didChangeWatchedFiles':
                    for ch in m['params']['changes']:
                        if ch['type'] == 1:  # created: read from disk, as a real server indexes it
                            with open(urllib.parse.unquote(ch['uri'][len('file://'):])) as f:
                                publish(ch['uri'], None, f.read())
            """;

    private StubServer() {}

    /** Writes {@code name} into {@code dir}: the LSP stub ("lsp"), "late", "garbage" or "silent". */
    public static Path write(Path dir, String kind) throws Exception {
        String text =
                switch (kind) {
                    case "lsp" -> "#!" + python() + "\n" + LSP;
                    case "late" -> "#!/bin/sh\nexec " + python() + " -c '" + LSP.replace("'", "'\\''") + "' --late\n";
                    case "garbage" -> "#!/bin/sh\necho 'Welcome to NotAServer 1.0!'\necho '{garbage'\nexec sleep 600\n";
                    case "silent" -> "#!/bin/sh\nexec sleep 600\n";
                    default -> throw new IllegalArgumentException(kind);
                };
        Path file = dir.resolve("stub-" + kind);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    static String python() {
        for (String p : List.of("/usr/bin/python3", "/usr/local/bin/python3"))
            if (Files.isExecutable(Path.of(p))) return p;
        return "/usr/bin/env python3";
    }

    /** Settings with one server named "stub" for {@code .stub} files, run from {@code command}. */
    public static LspConfig config(Path command, Duration startTimeout, Duration diagnosticsTimeout) {
        return new LspConfig(
                true,
                true,
                true,
                diagnosticsTimeout,
                startTimeout,
                Map.of(
                        "stub",
                        new LspServerConfig(
                                "stub",
                                Optional.of(command.toString()),
                                Optional.empty(),
                                Optional.of(List.of("stub")),
                                Optional.empty(),
                                Map.of(),
                                true)));
    }
}
