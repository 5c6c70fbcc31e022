package dev.dispatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is generated from the registry. Refresh it with
 * {@code ./mvnw -o test -Dtest=SettingsDocTest -Ddispatch.updateDocs=true}.
 */
class SettingsDocTest {
    static final Path DOC = Path.of("docs/configuration.md");

    @Test
    void committedDocMatchesTheRegistry() throws Exception {
        String generated = SettingsDoc.markdown();
        if (Boolean.getBoolean("dispatch.updateDocs")) {
            Files.createDirectories(DOC.getParent());
            Files.writeString(DOC, generated);
        }
        assertThat(DOC).as("run with -Ddispatch.updateDocs=true to refresh").exists();
        assertThat(Files.readString(DOC)).isEqualTo(generated);
    }

    @Test
    void docNamesEverySettingAndItsEnvVar() {
        String md = SettingsDoc.markdown();
        Settings.scalars()
                .keySet()
                .forEach(k -> assertThat(md).contains("`" + k + "`").contains(Settings.envVar(k)));
        assertThat(md).contains("## `providers`").contains("`price.input`").contains("CVE-2026-21852");
    }
}
