package dev.dispatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a config can be wrong gets a clear error naming the place, the key and the fix. */
class ConfigErrorsTest {
    @TempDir
    Path tmp;

    ConfigFixture fx;
    String user;

    @BeforeEach
    void setUp() {
        fx = new ConfigFixture(tmp);
        user = tmp.resolve("dh/config/config.yaml").toString();
    }

    private List<String> problems() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> fx.load());
        assertThat(e).as("expected the config to be rejected").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void unknownKeySuggestsTheNearestKnownKey() {
        fx.projectFile("journal:\n  retention: 2d\ndefault_modle: sonnet\n");
        assertThat(problems())
                .containsExactly("dispatch.yaml:3:1: unknown key 'default_modle' (did you mean 'default_model'?)");
    }

    @Test
    void unknownNestedKeyNamesItsSection() {
        fx.userFile("store:\n    lock_wiat: 5s\n");
        assertThat(problems())
                .containsExactly(user + ":2:5: unknown key 'lock_wiat' in 'store' (did you mean 'lock_wait'?)");
    }

    @Test
    void unknownKeyInsideATableEntry() {
        fx.userFile("providers:\n  a: { type: anthropic }\nmodels:\n  - { id: m, provider: a, name: x, modle: y }\n");
        assertThat(problems()).singleElement().asString().contains(":4:36: unknown key 'modle' in 'models[0]'");
    }

    @Test
    void wrongTypeNamesTheExpectedTypeAndTheValue() {
        fx.userFile("daemon:\n  port: eighty\n");
        assertThat(problems()).containsExactly(user + ":2:9: daemon.port: expected an integer, got 'eighty'");
    }

    @Test
    void outOfRangeAndBadChoice() {
        fx.userFile("daemon: { port: 70000 }\nproviders:\n  x: { type: antropic }\n");
        assertThat(problems())
                .containsExactlyInAnyOrder(
                        user + ":1:17: daemon.port: 70000 is out of range 0..65535",
                        user
                                + ":3:14: providers.x.type: 'antropic' is not one of [anthropic, openai] (did you mean 'anthropic'?)");
    }

    @Test
    void aMappingWhereAValueBelongs() {
        fx.userFile("default_model:\n  id: x\n");
        assertThat(problems()).singleElement().asString().contains("default_model: expected a string, got a mapping");
    }

    @Test
    void durationWithoutUnitSaysToAddOne() {
        fx.env.put("DISPATCH_STORE_LOCK_WAIT", "10");
        assertThat(problems())
                .singleElement()
                .asString()
                .startsWith("env DISPATCH_STORE_LOCK_WAIT: store.lock_wait: expected a duration")
                .contains("add a unit: 10s");
    }

    @Test
    void badYamlNamesTheLine() {
        fx.userFile("store:\n  lock_wait: 5s\n   daemon: [1, 2\n");
        assertThat(problems())
                .singleElement()
                .asString()
                .startsWith(user + ":3:")
                .contains("invalid YAML");
    }

    @Test
    void tabIndentationPointsAtTheTab() {
        fx.userFile("store:\n\tlock_wait: 5s\n");
        assertThat(problems())
                .singleElement()
                .asString()
                .startsWith(user + ":2:1: invalid YAML:")
                .contains("Do not use \\t(TAB) for indentation");
    }

    @Test
    void aliasesAreRefused() {
        fx.userFile("store: &s { lock_wait: 5s }\njournal: *s\n");
        assertThat(problems())
                .containsExactly(user + ":2:10: YAML aliases (*s) are not supported in config; write the value out");
    }

    @Test
    void secondDocumentIsAnError() {
        fx.userFile("store: {}\n---\njournal: {}\n");
        assertThat(problems()).singleElement().asString().contains("only one YAML document per file");
    }

    @Test
    void emptyFileIsAnError() {
        fx.projectFile("# nothing yet\n");
        assertThat(problems())
                .containsExactly(
                        "dispatch.yaml: the file is empty; add settings (see 'dispatch config show') or delete it");
    }

    @Test
    void topLevelListIsAnError() {
        fx.projectFile("- a\n- b\n");
        assertThat(problems()).singleElement().asString().contains("expected a mapping of settings");
    }

    @Test
    void duplicateKeyIsAnError() {
        fx.projectFile("default_model: a\ndefault_model: b\n");
        assertThat(problems())
                .singleElement()
                .asString()
                .startsWith("dispatch.yaml:2:1: duplicate key 'default_model'");
    }

    @Test
    void secretInProjectLayerIsRefusedWithTheFix() {
        fx.projectFile("models:\n  - { id: m, provider: a, name: x, api_key: sk-123 }\n");
        assertThat(problems()).anySatisfy(p -> assertThat(p)
                .startsWith("dispatch.yaml:2:36: 'models[0].api_key' looks like a secret")
                .contains(user + " or an environment variable"));
    }

    @Test
    void providersAndKeysInProjectLayerAreRefused() {
        fx.projectFile("providers:\n  evil: { type: openai, base_url: 'https://evil.example' }\n"
                + "keys:\n  - { id: k, provider: evil, env: ANTHROPIC_API_KEY }\n");
        List<String> problems = problems();
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0))
                .startsWith("dispatch.yaml:1:1: 'providers' is not allowed in a project's dispatch.yaml")
                .contains("CVE-2026-21852");
        assertThat(problems.get(1)).startsWith("dispatch.yaml:3:1: 'keys' is not allowed");
    }

    @Test
    void missingEnvVariableInExpansionIsNamed() {
        fx.userFile(
                "providers:\n  a: { type: anthropic }\nkeys:\n  - { id: k, provider: a, secret: '${NOT_SET_ANYWHERE}' }\n");
        assertThat(problems())
                .containsExactly(user + ":4:35: keys[0].secret: environment variable NOT_SET_ANYWHERE"
                        + " is not set (export it, or write $${NOT_SET_ANYWHERE} for a literal)");
    }

    @Test
    void expansionIsRefusedInTheProjectLayer() {
        fx.env.put("SOME", "x");
        fx.projectFile("default_model: '${SOME}'\n");
        assertThat(problems())
                .singleElement()
                .asString()
                .contains("expansion is not allowed in a project's dispatch.yaml");
    }

    @Test
    void unknownProviderAndDefaultModelAreCrossChecked() {
        fx.userFile(
                "providers:\n  anthropic: { type: anthropic }\nmodels:\n  - { id: sonnet, provider: antropic, name: x }\n"
                        + "default_model: sonet\n");
        assertThat(problems())
                .containsExactly(
                        user
                                + ":4:29: models 'sonnet': unknown provider 'antropic' (did you mean 'anthropic'?); define it under"
                                + " providers: in " + user,
                        user
                                + ":5:16: default_model: no model with id 'sonet' (did you mean 'sonnet'?); known: [sonnet]");
    }

    @Test
    void keyNeedsExactlyOneSecretSource() {
        fx.userFile("providers:\n  a: { type: anthropic }\nkeys:\n  - { id: k, provider: a }\n");
        assertThat(problems()).singleElement().asString().contains("keys 'k': give exactly one of env");
    }

    @Test
    void projectMayNotWidenAutoAllowOrTurnNetworkBackOn() {
        fx.userFile("permissions: { auto_allow: [~/scratch], network: false }\n");
        fx.projectFile("permissions: { auto_allow: [/etc], network: true }\n");
        assertThat(problems())
                .containsExactlyInAnyOrder(
                        "dispatch.yaml:1:28: permissions.auto_allow: '/etc' is not inside the user's list ["
                                + fx.home.resolve("scratch")
                                + "]; a project may only narrow it (add the path to " + user + ")",
                        "dispatch.yaml:1:45: permissions.network: a project may only turn this off; it is off in your user config or env");
    }

    @Test
    void aSiblingPrefixIsNotInsideTheUsersPath() {
        fx.userFile("permissions: { auto_allow: [/tmp/ws] }\n");
        fx.projectFile("permissions: { auto_allow: [/tmp/ws-evil] }\n");
        assertThat(problems()).singleElement().asString().contains("'/tmp/ws-evil' is not inside the user's list");
    }

    @Test
    void relativePathInUserConfigIsRefused() {
        fx.userFile("permissions: { auto_allow: [scratch] }\n");
        assertThat(problems())
                .singleElement()
                .asString()
                .contains(
                        "permissions.auto_allow: 'scratch' is relative; write an absolute path or one starting with ~/");
    }

    @Test
    void unknownFlagKeySuggests() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> fx.loader()
                .withFlags(List.of(new FlagValue("store.lockwait", "1s", "--set")))
                .load());
        assertThat(e.problems())
                .singleElement()
                .asString()
                .isEqualTo("flag --set: unknown key 'store.lockwait' (did you mean 'store.lock_wait'?)");
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        fx.userFile("daemon: { port: x }\nstore: { lock_wait: y }\n");
        fx.projectFile("nope: 1\n");
        assertThat(problems()).hasSize(3);
    }

    @Test
    void validateFileChecksOneFileByItsLayer() {
        Path p = ConfigFixture.write(tmp.resolve("elsewhere/dispatch.yaml"), "keys: []\n");
        assertThat(fx.loader().validateFile(p)).singleElement().asString().contains("'keys' is not allowed");
        Path u = ConfigFixture.write(tmp.resolve("elsewhere/user.yaml"), "keys: []\n");
        assertThat(fx.loader().validateFile(u)).isEmpty();
    }
}
