package dev.dispatch.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.config.ConfigLoader;
import dev.dispatch.config.Dirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editing the user config's rules as text: comments and other settings survive; bad edits are undone. */
class UserRulesTest {
    @TempDir
    Path base;

    Dirs dirs;
    UserRules rules;

    @BeforeEach
    void setUp() {
        Map<String, String> env = Map.of("DISPATCH_HOME", base.toString(), "HOME", base.toString());
        dirs = Dirs.resolve(env);
        rules = new UserRules(dirs.userConfigFile(), f -> new ConfigLoader(dirs, env, base).validateFile(f));
    }

    @Test
    void anAbsentFileIsCreatedPrivateWithTheRule() throws Exception {
        String origin = rules.addAutoAllow(Path.of("/srv/data"));
        Path file = dirs.userConfigFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo("permissions:\n  auto_allow:\n    - /srv/data\n");
        assertThat(origin).isEqualTo(file + ":3");
    }

    @Test
    void commentsAndOtherSettingsSurviveAndListsGrowInTheirOwnStyle() throws Exception {
        write(
                """
                # mine
                journal:
                  retention: 3d   # short
                permissions:
                  network: true # on
                  auto_allow:
                    - /srv/a   # first
                  deny: ["~/.ssh/**"]
                """);
        rules.addAutoAllow(Path.of("/srv/b"));
        rules.addAutoAllow(Path.of("/srv/b"));
        assertThat(Files.readString(dirs.userConfigFile()))
                .isEqualTo(
                        """
                # mine
                journal:
                  retention: 3d   # short
                permissions:
                  network: true # on
                  auto_allow:
                    - /srv/a   # first
                    - /srv/b
                  deny: ["~/.ssh/**"]
                """);
        assertThat(UserRules.read(dirs.userConfigFile()))
                .extracting(UserRules.Rule::kind, UserRules.Rule::value, UserRules.Rule::line)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("auto_allow", "/srv/a", 7),
                        org.assertj.core.groups.Tuple.tuple("auto_allow", "/srv/b", 8),
                        org.assertj.core.groups.Tuple.tuple("deny", "~/.ssh/**", 9));
    }

    @Test
    void flowListsAndMissingKeysAreHandled() throws Exception {
        write("permissions:\n  auto_allow: [/srv/a]\n");
        rules.addAutoAllow(Path.of("/srv/with space"));
        assertThat(Files.readString(dirs.userConfigFile()))
                .isEqualTo("permissions:\n  auto_allow: [/srv/a, '/srv/with space']\n");
        write("permissions:\n  network: false\n");
        rules.addAutoAllow(Path.of("/srv/c"));
        assertThat(UserRules.read(dirs.userConfigFile()))
                .extracting(UserRules.Rule::value)
                .containsExactly("/srv/c");
        assertThat(new ConfigLoader(dirs, Map.of(), base).validateFile(dirs.userConfigFile()))
                .isEmpty();
    }

    @Test
    void revokeRemovesOneRuleAndNamesTheOthersWhenAbsent() throws Exception {
        write("permissions:\n  auto_allow:\n    - /srv/a\n    - /srv/b\n  deny: ['git push*', curl]\n");
        assertThat(rules.revoke("/srv/a").line()).isEqualTo(3);
        assertThat(rules.revoke("curl").kind()).isEqualTo("deny");
        assertThat(Files.readString(dirs.userConfigFile()))
                .isEqualTo("permissions:\n  auto_allow:\n    - /srv/b\n  deny: ['git push*']\n");
        rules.revoke("/srv/b");
        assertThat(new ConfigLoader(dirs, Map.of(), base).validateFile(dirs.userConfigFile()))
                .isEmpty();
        assertThatThrownBy(() -> rules.revoke("/nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/nope")
                .hasMessageContaining("git push*");
    }

    @Test
    void anEditThatWouldBreakTheFileIsUndone() throws Exception {
        String broken = "permissions:\n  auto_allow: 5\n";
        write(broken);
        assertThatThrownBy(() -> rules.addAutoAllow(Path.of("/srv/x")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("left unchanged");
        assertThat(Files.readString(dirs.userConfigFile())).isEqualTo(broken);
    }

    private void write(String text) throws IOException {
        Files.createDirectories(dirs.config());
        Files.writeString(dirs.userConfigFile(), text);
    }
}
