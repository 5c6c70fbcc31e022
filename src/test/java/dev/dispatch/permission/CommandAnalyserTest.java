package dev.dispatch.permission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispatch.permission.Evaluation.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shell analyser on real command strings, judged by the real policy on a temp project: what runs
 * without asking, what asks (and why), what a rule denies. Each row is one command line.
 */
class CommandAnalyserTest {
    @TempDir
    Path base;

    Path root;
    Path home;
    Policy policy;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(base.resolve("project"));
        home = Files.createDirectories(base.resolve("home"));
        Files.createDirectories(root.resolve("src"));
        Files.createDirectories(root.resolve(".git/hooks"));
        policy = new Policy(
                root,
                new Rules(List.of(), List.of("git push*", "~/.aws/**"), home),
                List.of(base.resolve("dispatch/data"), base.resolve("dispatch/config")),
                home);
    }

    static Stream<Arguments> commands() {
        return Stream.of(
                row("ls", Outcome.ALLOW),
                row("ls -la src", Outcome.ALLOW),
                row("cat README.md", Outcome.ALLOW),
                row("cat /etc/passwd", Outcome.ASK),
                row("cat ../outside.txt", Outcome.ASK),
                row("grep -r foo .", Outcome.ALLOW),
                row("grep foo /etc/hosts", Outcome.ASK),
                row("git status", Outcome.ALLOW),
                row("git log --oneline -5", Outcome.ALLOW),
                row("git diff HEAD~1", Outcome.ALLOW),
                row("git commit -m 'a message'", Outcome.ALLOW),
                row("git -c core.hooksPath=/tmp/h commit", Outcome.ASK),
                row("git config core.hooksPath /tmp/h", Outcome.DENY),
                row("git config --get user.name", Outcome.ALLOW),
                row("rm -rf build", Outcome.ALLOW),
                row("rm -rf ~", Outcome.ASK),
                row("rm -rf /", Outcome.ASK),
                row("ls && rm -rf ~", Outcome.ASK),
                row("ls; rm /etc/hosts", Outcome.ASK),
                row("false || rm /etc/hosts", Outcome.ASK),
                row("cat notes.txt | sh", Outcome.ASK),
                row("ls\nrm -rf /tmp/x", Outcome.ASK),
                row("echo $(whoami)", Outcome.ASK),
                row("echo `id`", Outcome.ASK),
                row("diff <(ls) <(ls src)", Outcome.ASK),
                row("(cd src && ls)", Outcome.ASK),
                row("bash -c 'rm -rf /'", Outcome.ASK),
                row("sh -c ls", Outcome.ASK),
                row("eval ls", Outcome.ASK),
                row("source ./env.sh", Outcome.ASK),
                row(". ./env.sh", Outcome.ASK),
                row("echo hi > out.txt", Outcome.ALLOW),
                row("echo hi > /etc/motd", Outcome.ASK),
                row("echo hi >> ~/.bashrc", Outcome.ASK),
                row("ls 2> /tmp/err.log", Outcome.ASK),
                row("ls &> /tmp/all.log", Outcome.ASK),
                row("ls > /dev/null 2>&1", Outcome.ALLOW),
                row("echo x | tee /etc/x", Outcome.ASK),
                row("echo x | tee notes.txt", Outcome.ALLOW),
                row("cat > /etc/x <<EOF\nhello\nEOF", Outcome.ASK),
                row("cat > notes.txt <<'EOF'\n$(rm -rf /)\nEOF", Outcome.ALLOW),
                row("cat > notes.txt <<EOF\n$(rm -rf /)\nEOF", Outcome.ASK),
                row("cat <<EOF\nunterminated", Outcome.ASK),
                row("cd /etc && cat passwd", Outcome.ASK),
                row("cd src && cat ../README.md", Outcome.ALLOW),
                row("cd .. && rm -rf project", Outcome.ASK),
                row("cd src; rm ../../x", Outcome.ASK),
                row("LD_PRELOAD=/tmp/x.so ls", Outcome.ASK),
                row("GIT_CONFIG_GLOBAL=/tmp/c git status", Outcome.ASK),
                row("JAVA_TOOL_OPTIONS=-javaagent:x.jar mvn test", Outcome.ASK),
                row("PATH=/tmp/bin:$PATH make", Outcome.ASK),
                row("FOO=bar make", Outcome.ALLOW),
                row("mvn -q test", Outcome.ALLOW),
                row("./gradlew build", Outcome.ALLOW),
                row("npm test", Outcome.ALLOW),
                row("python3 -c 'import os'", Outcome.ASK),
                row("node -e 'x'", Outcome.ASK),
                row("python3 script.py", Outcome.ALLOW),
                row("find . -name '*.java'", Outcome.ALLOW),
                row("find . -name x -delete", Outcome.ALLOW),
                row("find / -name x", Outcome.ASK),
                row("find . -exec rm {} \\;", Outcome.ASK),
                row("ls | xargs rm", Outcome.ASK),
                row("sudo rm x", Outcome.ASK),
                row("timeout 5 rm /etc/x", Outcome.ASK),
                row("env LD_PRELOAD=x ls", Outcome.ASK),
                row("cp /etc/hosts .", Outcome.ASK),
                row("cp a.txt b.txt", Outcome.ALLOW),
                row("mv a.txt /tmp/", Outcome.ASK),
                row("sed -i s/a/b/ /etc/hosts", Outcome.ASK),
                row("sed s/a/b/ file.txt", Outcome.ALLOW),
                row("cat $HOME/.ssh/id_rsa", Outcome.ASK),
                row("cat \"unterminated", Outcome.ASK),
                row("echo 'a' && ls src/*.java", Outcome.ALLOW),
                row("rm /tmp/*", Outcome.ASK),
                row("dd if=/dev/zero of=/tmp/x bs=1 count=1", Outcome.ASK),
                row("curl -o /tmp/x https://example.com", Outcome.ASK),
                row("curl https://example.com/x", Outcome.ALLOW),
                row("awk '{print > \"/tmp/x\"}' f", Outcome.ASK),
                row("awk '{print $1}' data.txt", Outcome.ALLOW),
                row("ln -s /etc/passwd link", Outcome.ASK),
                row("echo hi > .git/hooks/pre-commit", Outcome.DENY),
                row("cp evil.sh .git/hooks/post-checkout", Outcome.DENY),
                row("for f in *; do cat $f; done", Outcome.ASK),
                row("if [ -f x ]; then cat x; fi", Outcome.ALLOW),
                row("pwd", Outcome.ALLOW),
                row("echo /etc/passwd", Outcome.ALLOW),
                row("exec > /tmp/log", Outcome.ASK),
                row("cat ~/.ssh/id_rsa", Outcome.ASK),
                row("ls # rm -rf /", Outcome.ALLOW),
                row("ls & rm /etc/x", Outcome.ASK),
                row("/tmp/evil.sh", Outcome.ASK),
                row("echo $((1+2))", Outcome.ALLOW),
                row("git -C /tmp status", Outcome.ASK),
                row("tar -xzf a.tgz -C /tmp", Outcome.ASK),
                row("trap 'rm -rf /' EXIT", Outcome.ASK),
                row("cat <<< hello", Outcome.ALLOW),
                row("ls -la > \"out file.txt\"", Outcome.ALLOW),
                row("git status && git push origin main", Outcome.DENY),
                row("sudo git push", Outcome.DENY),
                row("cat ~/.aws/credentials", Outcome.DENY),
                row("f() { rm -rf /; }", Outcome.ASK),
                row("case x in a) ls;; esac", Outcome.ASK));
    }

    static Arguments row(String command, Outcome expected) {
        return Arguments.of(command, expected);
    }

    @ParameterizedTest
    @MethodSource("commands")
    void judgesCommand(String command, Outcome expected) {
        Evaluation e = policy.evaluate(PermissionRequest.execute(command, root, "test"));
        assertThat(e.outcome())
                .as("%s -> %s (%s)", command.replace("\n", "\\n"), e.outcome(), e.reason())
                .isEqualTo(expected);
        if (expected != Outcome.ALLOW) assertThat(e.reason()).isNotBlank();
    }

    @Test
    void atLeastSixtyCommandStrings() {
        assertThat(commands().count()).isGreaterThanOrEqualTo(60);
    }

    @Test
    void cdMovesLaterPathsToTheNewDirectory() {
        CommandAnalysis a = new CommandAnalyser(home).analyse("cd src && touch a.txt && cd .. && touch b.txt", root);
        assertThat(a.uses())
                .extracting(CommandAnalysis.PathUse::path)
                .contains(root.resolve("src/a.txt"), root.resolve("src/../b.txt"));
    }

    @Test
    void cdInsideAPipelineOrSubshellDoesNotLeak() {
        CommandAnalysis a = new CommandAnalyser(home).analyse("(cd /etc); cd /var | true; touch x", root);
        assertThat(a.uses()).extracting(CommandAnalysis.PathUse::path).contains(root.resolve("x"));
    }

    @Test
    void aSafePrefixGrantsNothingToTheRest() {
        Evaluation e = policy.evaluate(PermissionRequest.execute("ls && cat README.md && rm -rf ~", root, "t"));
        assertThat(e.outcome()).isEqualTo(Outcome.ASK);
        assertThat(e.items()).singleElement().satisfies(i -> {
            assertThat(i.path()).isEqualTo(home);
            assertThat(i.operation()).isEqualTo(Operation.WRITE);
        });
    }

    @Test
    void redirectsAreWritesOnTheirTarget() {
        for (String op : List.of(">", ">>", "2>", "&>", ">|")) {
            CommandAnalysis a = new CommandAnalyser(home).analyse("ls " + op + " /tmp/out", root);
            assertThat(a.uses())
                    .as(op)
                    .contains(new CommandAnalysis.PathUse(
                            Operation.WRITE, Path.of("/tmp/out"), "redirect " + op + " /tmp/out"));
        }
    }

    @Test
    void quotingAndEscapesAreRemovedBeforeJudging() {
        CommandAnalysis a = new CommandAnalyser(home).analyse("cat 'a b' \"c d\" e\\ f", root);
        assertThat(a.uses())
                .extracting(CommandAnalysis.PathUse::path)
                .contains(root.resolve("a b"), root.resolve("c d"), root.resolve("e f"));
    }
}
