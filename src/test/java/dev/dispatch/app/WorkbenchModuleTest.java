package dev.dispatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.config.Dirs;
import dev.dispatch.protocol.WorkbenchOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkbenchModuleTest {
    @TempDir
    Path home;

    @TempDir
    Path project;

    WorkbenchOps.WorkbenchInfo describe(Map<String, String> env) {
        Dirs dirs = Dirs.resolve(Map.of("DISPATCH_HOME", home.toString()));
        try (var engine = Engines.local(dirs, env)) {
            return engine.submit(new WorkbenchOps.DescribeWorkbench(project.toString()));
        }
    }

    @Test
    void withoutAModelTheHeaderSaysSoAndNamesTheSpace() {
        var info = describe(Map.of());
        assertThat(info.space()).isEqualTo(project.getFileName().toString());
        assertThat(info.provider()).isNull();
        assertThat(info.keys()).isEqualTo("no model configured");
        // no PATH in this environment, so no bwrap can be found: the header must say so plainly
        assertThat(info.sandbox()).startsWith("unsandboxed");
    }

    @Test
    void namesTheDefaultModelItsProviderAndWhetherItsKeyIsSet() throws Exception {
        Files.createDirectories(home.resolve("config"));
        Files.writeString(
                home.resolve("config/config.yaml"),
                """
                providers: { anthropic: { type: anthropic } }
                keys: [ { id: work, provider: anthropic, env: WORK_KEY } ]
                models: [ { id: sonnet, provider: anthropic, name: claude-sonnet-4-5 } ]
                default_model: sonnet
                """);
        var unset = describe(Map.of());
        assertThat(unset.model()).isEqualTo("sonnet");
        assertThat(unset.provider()).isEqualTo("anthropic");
        assertThat(unset.keys()).isEqualTo("no key set: export WORK_KEY");
        var set = describe(Map.of("WORK_KEY", "sk-secret-value"));
        assertThat(set.keys()).isEqualTo("1 of 1 key set").doesNotContain("sk-secret");
    }

    @Test
    void anInvalidConfigIsReportedNotThrown() throws Exception {
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/config.yaml"), "default_modle: x\n");
        assertThat(describe(Map.of()).keys()).contains("config invalid");
    }
}
