package dev.dispatch.app;

import dev.dispatch.config.Config;
import dev.dispatch.config.Dirs;
import dev.dispatch.config.KeyConfig;
import dev.dispatch.config.ModelConfig;
import dev.dispatch.protocol.EngineException;
import dev.dispatch.protocol.WorkbenchOps;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers what the workbench header shows: the space, the default model and its provider, whether
 * shell commands are sandboxed, and the state of the provider's keys. Computed from the project's
 * config on each ask (the TUI asks once on start and after reloads).
 */
final class WorkbenchModule {
    private final Dirs dirs;
    private final Map<String, String> env;
    private final SandboxStatus sandbox;

    /** Says how shell commands run: the permission package's sandbox when present. */
    @FunctionalInterface
    interface SandboxStatus {
        String describe();
    }

    WorkbenchModule(Dirs dirs, Map<String, String> env, SandboxStatus sandbox) {
        this.dirs = dirs;
        this.env = env;
        this.sandbox = sandbox;
    }

    void register(OpRouter router) {
        router.on(WorkbenchOps.DescribeWorkbench.class, op -> describe(ProjectConfig.root(op.cwd())));
    }

    private WorkbenchOps.WorkbenchInfo describe(Path root) {
        String space = ProjectConfig.space(root);
        Config config;
        try {
            config = ProjectConfig.load(dirs, env, root);
        } catch (EngineException bad) {
            return new WorkbenchOps.WorkbenchInfo(
                    space, null, null, sandbox.describe(), "config invalid: run dispatch config validate");
        }
        Optional<ModelConfig> model = config.defaultModel().flatMap(config::model);
        if (model.isEmpty())
            return new WorkbenchOps.WorkbenchInfo(space, null, null, sandbox.describe(), "no model configured");
        String provider = model.get().provider();
        return new WorkbenchOps.WorkbenchInfo(
                space, provider, model.get().id(), sandbox.describe(), keys(config, provider));
    }

    private String keys(Config config, String provider) {
        List<KeyConfig> keys = config.keysFor(provider);
        if (keys.isEmpty()) return "no key entry (local providers need none)";
        long usable =
                keys.stream().filter(k -> k.secret().reveal(env).isPresent()).count();
        if (usable == 0) {
            String var = keys.get(0).secret().envVar().orElse("a key");
            return "no key set: export " + var;
        }
        return usable + " of " + keys.size() + " key" + (keys.size() == 1 ? "" : "s") + " set";
    }
}
