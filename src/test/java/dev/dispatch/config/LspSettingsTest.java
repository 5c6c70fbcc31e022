package dev.dispatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code lsp} section: toggles a project may set, {@code lsp.servers} (a program run for you)
 * only from the user config, typed entries, bad values named with the fix.
 */
class LspSettingsTest {
    @TempDir
    java.nio.file.Path tmp;

    ConfigFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(tmp);
    }

    @Test
    void defaultsAreOnWithBuiltInServers() {
        LspConfig c = fx.load().lsp();
        assertThat(c.enabled()).isTrue();
        assertThat(c.diagnosticsAfterEdit()).isTrue();
        assertThat(c.navigationTools()).isTrue();
        assertThat(c.diagnosticsTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.servers()).isEmpty();
    }

    @Test
    void userServersAreTypedAndProjectTogglesApply() {
        fx.userFile(
                """
                lsp:
                  servers:
                    lua: { command: lua-language-server, extensions: [lua], root_markers: [.luarc.json], env: [LUA_X=1] }
                    clangd: { args: [--log=error] }
                    jdtls: { enabled: false }
                """);
        fx.projectFile("lsp: { navigation_tools: false, diagnostics_timeout: 2s }\n");
        Config config = fx.load();
        LspConfig c = config.lsp();
        assertThat(c.navigationTools()).isFalse();
        assertThat(c.diagnosticsTimeout()).isEqualTo(Duration.ofSeconds(2));
        LspServerConfig lua = c.servers().get("lua");
        assertThat(lua.command()).contains("lua-language-server");
        assertThat(lua.extensions()).contains(List.of("lua"));
        assertThat(lua.env()).containsEntry("LUA_X", "1");
        assertThat(c.servers().get("clangd").args()).contains(List.of("--log=error"));
        assertThat(c.servers().get("jdtls").enabled()).isFalse();
        assertThat(config.get("lsp.servers.lua.command")).isPresent();
    }

    @Test
    void aProjectMayNotChooseWhichProgramRuns() {
        fx.projectFile("lsp:\n  servers:\n    python: { command: ./evil.sh }\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> fx.load());
        assertThat(e.getMessage())
                .contains("'lsp.servers' is not allowed in a project's dispatch.yaml")
                .contains("must not choose programs Dispatch runs for you")
                .doesNotContain("CVE");
    }

    @Test
    void badValuesAreNamed() {
        fx.userFile("lsp:\n  enabled: maybe\n  servers:\n    x: { command: x, env: [NOEQUALS], extensionz: [x] }\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> fx.load());
        assertThat(e.getMessage())
                .contains("lsp.enabled")
                .contains("extensionz")
                .contains("did you mean 'extensions'");
        fx.userFile("lsp:\n  servers:\n    x: { command: x, env: [NOEQUALS] }\n");
        ConfigException env = catchThrowableOfType(ConfigException.class, () -> fx.load());
        assertThat(env.getMessage()).contains("lsp.servers.x.env: 'NOEQUALS' is not NAME=VALUE");
    }
}
