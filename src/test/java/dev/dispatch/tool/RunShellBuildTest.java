package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.config.SandboxConfig;
import dev.dispatch.shell.ShellSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Confinement must not break ordinary work: with the default {@code sandbox.read}/{@code
 * sandbox.write} lists and the real home, a Maven offline build (through the project's own wrapper,
 * from the local repository this build filled) and an {@code npm test} succeed inside bubblewrap.
 */
class RunShellBuildTest {
    SandboxFixture f;
    Path home = Path.of(System.getProperty("user.home"));

    @BeforeEach
    void setUp() throws Exception {
        f = new SandboxFixture();
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    ToolResult run(String command) throws Exception {
        SandboxConfig defaults = SandboxConfig.defaults(home);
        List<Path> read = new java.util.ArrayList<>(defaults.read());
        Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv("PATH"), "HOME", home.toString()));
        String javaHome = System.getProperty("java.home");
        env.put("JAVA_HOME", javaHome);
        read.add(Path.of(javaHome)); // under /usr/lib/jvm on Debian already; elsewhere (sdkman, /opt) listed
        ShellSettings settings = new ShellSettings(read, defaults.write(), Set.of(), Set.of());
        return f.run(new RunShellTool(env, SandboxFixture.requireSandbox(), r -> settings), command);
    }

    @Test
    void mavenOfflineBuildThroughTheWrapper() throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        Files.copy(repo.resolve("mvnw"), f.root.resolve("mvnw"));
        Files.createDirectories(f.root.resolve(".mvn/wrapper"));
        Files.copy(
                repo.resolve(".mvn/wrapper/maven-wrapper.properties"),
                f.root.resolve(".mvn/wrapper/maven-wrapper.properties"));
        String pom = Files.readString(repo.resolve("pom.xml"));
        Files.writeString(
                f.root.resolve("pom.xml"),
                """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>t</groupId><artifactId>sample</artifactId><version>1</version>
                  <properties><maven.compiler.release>21</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
                  <build><plugins>
                    <plugin><artifactId>maven-compiler-plugin</artifactId><version>%s</version></plugin>
                    <plugin><artifactId>maven-surefire-plugin</artifactId><version>%s</version></plugin>
                  </plugins></build>
                </project>
                """
                        .formatted(version(pom, "maven-compiler-plugin"), version(pom, "maven-surefire-plugin")));
        Files.createDirectories(f.root.resolve("src/main/java/t"));
        Files.writeString(f.root.resolve("src/main/java/t/Hello.java"), "package t; public class Hello {}\n");
        // compile, not package: on a fresh CI machine this build's own jar and shade plugins are fetched only
        // after the tests run, so an offline package of the sample could not find them yet
        ToolResult r = run("sh ./mvnw -B -o -q compile && ls target/classes/t");
        assertThat(r.isError()).as(r.text()).isFalse();
        assertThat(r.metadata().get("sandbox").toString()).startsWith("sandboxed");
        assertThat(f.root.resolve("target/classes/t/Hello.class")).exists();
    }

    @Test
    void npmTestOfATinyPackage() throws Exception {
        Files.writeString(
                f.root.resolve("package.json"),
                """
                {"name": "sample", "version": "1.0.0", "private": true,
                 "scripts": {"test": "node -e \\"require('assert').strictEqual(1 + 1, 2); console.log('node-ok')\\""}}
                """);
        ToolResult r = run("npm test");
        assertThat(r.isError()).as(r.text()).isFalse();
        assertThat(r.text()).contains("node-ok");
    }

    private static String version(String pom, String artifact) {
        Matcher m = Pattern.compile("<artifactId>" + artifact + "</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(m.find()).as("%s pinned in pom.xml", artifact).isTrue();
        return m.group(1);
    }
}
