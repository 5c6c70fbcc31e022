package dev.dispatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueTypeTest {
    @Test
    void durationsRoundTripInTheirShortestForm() {
        assertThat(ValueType.DURATION.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ValueType.DURATION.parse("PT90S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(ValueType.DURATION.display(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(ValueType.DURATION.display(Duration.ofDays(7))).isEqualTo("7d");
        assertThatThrownBy(() -> ValueType.DURATION.parse("-5s")).hasMessageContaining("'-5s'");
        assertThatThrownBy(() -> ValueType.DURATION.parse("PT-5S")).hasMessageContaining("'PT-5S'");
    }

    @Test
    void scalarsFromText() {
        assertThat(ValueType.INTEGER.parse(" 42 ")).isEqualTo(42L);
        assertThat(ValueType.BOOLEAN.parse("FALSE")).isEqualTo(false);
        assertThat(ValueType.NUMBER.parse("0.25")).isEqualTo(0.25);
        assertThat(ValueType.STRING_LIST.parse("a, b,,c")).isEqualTo(List.of("a", "b", "c"));
        assertThatThrownBy(() -> ValueType.BOOLEAN.parse("yes")).hasMessage("expected true or false, got 'yes'");
        assertThatThrownBy(() -> ValueType.INTEGER.parse("1.5")).hasMessage("expected an integer, got '1.5'");
    }

    @Test
    void suggestionsUseEditDistanceAndStayQuietWhenFar() {
        assertThat(Suggest.nearest("modle", List.of("model", "models", "keys"))).contains("model");
        assertThat(Suggest.nearest("zzzzzz", List.of("model", "keys"))).isEmpty();
        assertThat(Suggest.distance("lock_wiat", "lock_wait")).isEqualTo(1);
    }

    @Test
    void expansionReplacesVariablesAndKeepsEscapedOnes() {
        assertThat(EnvExpander.expand("a-${X}-$${Y}", java.util.Map.of("X", "1")))
                .isEqualTo("a-1-${Y}");
        assertThatThrownBy(() -> EnvExpander.expand("${X", java.util.Map.of())).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> EnvExpander.expand("${1x}", java.util.Map.of()))
                .hasMessageContaining("not a variable name");
    }
}
