package dev.dispatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code dispatch --version}: release, git commit and the JDK running it. picocli's provider is a nested
 * class, so that code reading only the version (a cold {@code run} through {@link RunLane}) loads no picocli.
 */
public final class BuildInfo {
    private static final Properties PROPS = load();

    private BuildInfo() {}

    public static String version() {
        return PROPS.getProperty("version", "unknown");
    }

    public static String commit() {
        String c = PROPS.getProperty("commit", "");
        if (c.isEmpty() || c.startsWith("${")) return "unknown";
        return "true".equals(PROPS.getProperty("dirty")) ? c + "-dirty" : c;
    }

    /** The root command's {@code --version} lines. */
    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "dispatch " + version() + " (commit " + commit() + ")",
                "JDK " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                        + System.getProperty("java.home") + ")"
            };
        }
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/dev/dispatch/build.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // a missing build stamp shows as "unknown"
        }
        return p;
    }
}
