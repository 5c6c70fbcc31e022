package dev.dispatch.lsp;

import dev.dispatch.config.LspConfig;
import dev.dispatch.config.LspServerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How to run one language server and what it serves: the built-in ones (TypeScript, Python, clangd,
 * gopls, rust-analyzer, jdtls) merged with the user's {@code lsp.servers} overrides and additions.
 *
 * @param extensions file extensions it serves, lower case, without the dot
 * @param rootMarkers files at the project root that say the project uses it
 * @param installHint what to install when the command is missing (names the package)
 * @param onlyWhenInstalled a built-in that is not offered (nor reported missing) unless installed
 */
public record ServerSpec(
        String name,
        String command,
        List<String> args,
        List<String> extensions,
        List<String> rootMarkers,
        Map<String, String> env,
        String installHint,
        boolean onlyWhenInstalled) {
    public ServerSpec {
        args = List.copyOf(args);
        extensions = extensions.stream().map(e -> e.toLowerCase(Locale.ROOT)).toList();
        rootMarkers = List.copyOf(rootMarkers);
        env = Map.copyOf(env);
    }

    static final List<ServerSpec> BUILT_IN = List.of(
            new ServerSpec(
                    "typescript",
                    "typescript-language-server",
                    List.of("--stdio"),
                    List.of("ts", "tsx", "js", "jsx", "mjs", "cjs", "mts", "cts"),
                    List.of("tsconfig.json", "jsconfig.json", "package.json"),
                    Map.of(),
                    "npm packages typescript-language-server and typescript"
                            + " (npm install -g typescript-language-server typescript)",
                    false),
            new ServerSpec(
                    "python",
                    "pylsp",
                    List.of(),
                    List.of("py", "pyi"),
                    List.of("pyproject.toml", "setup.py", "setup.cfg"),
                    Map.of(),
                    "Debian package python3-pylsp (apt-get install python3-pylsp; or pip install python-lsp-server)",
                    false),
            new ServerSpec(
                    "clangd",
                    "clangd",
                    List.of(),
                    List.of("c", "h", "cc", "cpp", "cxx", "hpp", "hh", "hxx"),
                    List.of("compile_commands.json", "compile_flags.txt", "CMakeLists.txt", ".clangd"),
                    Map.of(),
                    "Debian package clangd (apt-get install clangd)",
                    false),
            new ServerSpec(
                    "gopls",
                    "gopls",
                    List.of(),
                    List.of("go"),
                    List.of("go.mod", "go.work"),
                    Map.of(),
                    "Debian package gopls (apt-get install gopls; or go install golang.org/x/tools/gopls@latest)",
                    false),
            new ServerSpec(
                    "rust-analyzer",
                    "rust-analyzer",
                    List.of(),
                    List.of("rs"),
                    List.of("Cargo.toml"),
                    Map.of(),
                    "rust-analyzer (rustup component add rust-analyzer; Debian package rust-analyzer from trixie)",
                    false),
            new ServerSpec(
                    "jdtls",
                    "jdtls",
                    List.of(),
                    List.of("java"),
                    List.of("pom.xml", "build.gradle", "build.gradle.kts"),
                    Map.of(),
                    "Eclipse JDT Language Server (jdtls, from download.eclipse.org/jdtls)",
                    true));

    /**
     * The built-in servers with the user's overrides applied, plus the servers the user added; a
     * server with {@code enabled: false} is left out. An added server needs a command and extensions.
     */
    public static List<ServerSpec> effective(LspConfig config) {
        Map<String, ServerSpec> out = new LinkedHashMap<>();
        for (ServerSpec s : BUILT_IN) out.put(s.name(), s);
        List<String> off = new ArrayList<>();
        for (LspServerConfig c : config.servers().values()) {
            if (!c.enabled()) {
                off.add(c.name());
                continue;
            }
            ServerSpec base = out.get(c.name());
            String command = c.command().orElse(base == null ? null : base.command());
            List<String> extensions = c.extensions().orElse(base == null ? List.of() : base.extensions());
            if (command == null || command.isBlank() || extensions.isEmpty()) continue; // Problems lists it
            Map<String, String> env = new LinkedHashMap<>(base == null ? Map.of() : base.env());
            env.putAll(c.env());
            out.put(
                    c.name(),
                    new ServerSpec(
                            c.name(),
                            command,
                            c.args().orElse(base == null || c.command().isPresent() ? List.of() : base.args()),
                            extensions,
                            c.rootMarkers().orElse(base == null ? List.of() : base.rootMarkers()),
                            env,
                            base == null
                                    ? "'" + command + "' (lsp.servers." + c.name() + ".command)"
                                    : base.installHint(),
                            false));
        }
        off.forEach(out::remove);
        return List.copyOf(out.values());
    }

    /**
     * Why an entry of {@code lsp.servers} cannot be used (a new server without a command or
     * extensions), one line each.
     */
    public static List<String> problems(LspConfig config) {
        List<String> out = new ArrayList<>();
        for (LspServerConfig c : config.servers().values()) {
            if (!c.enabled()) continue;
            boolean builtIn = BUILT_IN.stream().anyMatch(s -> s.name().equals(c.name()));
            if (builtIn) continue;
            if (c.command().isEmpty()) out.add("lsp.servers." + c.name() + ": give a command (the server program)");
            if (c.extensions().isEmpty() || c.extensions().get().isEmpty())
                out.add("lsp.servers." + c.name() + ": give extensions (the file types it serves, e.g. [lua])");
        }
        return out;
    }

    public boolean serves(String extension) {
        return extensions.contains(extension.toLowerCase(Locale.ROOT));
    }

    /** The LSP language id of a file with this extension. */
    static String languageId(String extension) {
        return switch (extension.toLowerCase(Locale.ROOT)) {
            case "ts", "mts", "cts" -> "typescript";
            case "tsx" -> "typescriptreact";
            case "js", "mjs", "cjs" -> "javascript";
            case "jsx" -> "javascriptreact";
            case "py", "pyi" -> "python";
            case "h", "c" -> "c";
            case "cc", "cpp", "cxx", "hpp", "hh", "hxx" -> "cpp";
            case "go" -> "go";
            case "rs" -> "rust";
            case "java" -> "java";
            default -> extension.toLowerCase(Locale.ROOT);
        };
    }

    /** The extension of a file name, lower case, or "" when it has none. */
    static String extensionOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot <= 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
