package dev.dispatch.coord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispatch.protocol.EngineException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicRuleTest {
    @ParameterizedTest
    @ValueSource(strings = {"design", "design/locks", "a.b_c-d/E9", ".hidden", "v1.2/notes"})
    void plainRelativeNamesAreAccepted(String topic) {
        assertThat(Inputs.topic(topic)).isEqualTo(topic);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "..|'..' component",
                "../etc/passwd|'..' component",
                "a/../../b|'..' component",
                "a/./b|'.' component",
                "..%2Fetc%2Fpasswd|percent-encoding",
                "%2e%2e/x|percent-encoding",
                "/etc/passwd|absolute path",
                "a\\b|backslash",
                "..\\..\\x|backslash",
                "a//b|empty component",
                "a/|empty component",
                "has space|contains ' '",
                "colon:name|contains ':'",
                "ünïcode|contains 'ü'"
            })
    void escapesAndOddCharactersAreRefusedSayingWhy(String topic, String why) {
        assertThatThrownBy(() -> Inputs.topic(topic))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("topic name")
                .hasMessageContaining(why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a\u0000b", "tab\there", "line\nbreak", "bad\uD800"})
    void emptyAndControlCharactersAreRefused(String topic) {
        assertThatThrownBy(() -> Inputs.topic(topic))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("topic name");
    }

    @org.junit.jupiter.api.Test
    void overlongNamesAreRefused() {
        assertThatThrownBy(() -> Inputs.topic("a".repeat(Inputs.MAX_TOPIC + 1)))
                .hasMessageContaining("longer than 200");
    }
}
