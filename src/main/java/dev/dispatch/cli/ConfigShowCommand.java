package dev.dispatch.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.config.Config;
import dev.dispatch.config.ConfigException;
import dev.dispatch.config.ConfigValue;
import dev.dispatch.protocol.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code dispatch config show}: every setting with its value and where it came from; secrets shown as
 * {@code ***} (with the env var when the secret is a reference).
 *
 * <p>JSON shape: {@code {"sources": [path…], "settings": [{"key", "value", "origin", "secret"}…]}},
 * value typed (string, number, boolean, list, null when unset; durations as text such as "10s").
 */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Show the merged config, each value's origin, secrets redacted.")
public final class ConfigShowCommand implements Callable<Integer> {
    @Mixin
    JsonMixin json;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Config config;
        try {
            config = options.loader(spec).load();
        } catch (ConfigException e) {
            ConfigOptions.print(e.problems(), spec.commandLine().getErr());
            return ExitCode.ERROR.code();
        }
        if (json.enabled())
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(config)));
        else out.print(table(config.values()));
        out.flush();
        return ExitCode.OK.code();
    }

    static String table(List<ConfigValue> values) {
        int k = "KEY".length();
        int v = "VALUE".length();
        for (ConfigValue c : values) {
            k = Math.max(k, c.key().length());
            v = Math.max(v, c.display().length());
        }
        StringBuilder sb = new StringBuilder();
        String fmt = "%-" + k + "s  %-" + v + "s  %s%n";
        sb.append(String.format(fmt, "KEY", "VALUE", "ORIGIN"));
        for (ConfigValue c : values) sb.append(String.format(fmt, c.key(), c.display(), c.origin()));
        return sb.toString();
    }

    private static ObjectNode toJson(Config config) {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode sources = root.putArray("sources");
        for (Path p : config.sources()) sources.add(p.toString());
        ArrayNode settings = root.putArray("settings");
        for (ConfigValue c : config.values()) {
            ObjectNode n = settings.addObject();
            n.put("key", c.key());
            Object v = c.value();
            if (v == null) n.putNull("value");
            else if (c.isSecret() || v instanceof Duration) n.put("value", c.display());
            else n.set("value", Json.mapper().valueToTree(v));
            n.put("origin", c.origin().toString());
            n.put("secret", c.isSecret());
        }
        return root;
    }
}
