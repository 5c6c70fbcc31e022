package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextWrapTest {
    @Test
    void escapeSequencesAndControlCharactersNeverReachTheScreen() {
        String hostile = "\u001b[2J\u001b[31mred\u001b[0m\u001b]0;title\u0007 bell\u0007 cr\r\nnext\ttab\u0000";
        assertThat(TextWrap.sanitize(hostile)).isEqualTo("red bell cr\nnext    tab");
    }

    @Test
    void wrapsAtSpacesAndBreaksOnlyOverlongWords() {
        assertThat(TextWrap.wrap("the quick brown fox", 10)).containsExactly("the quick", "brown fox");
        assertThat(TextWrap.wrap("abcdefghijkl", 5)).containsExactly("abcde", "fghij", "kl");
        assertThat(TextWrap.wrap("a\n\nb", 5)).containsExactly("a", "", "b");
        for (String l : TextWrap.wrap("lorem ipsum dolor sit amet consectetur", 7))
            assertThat(l.length()).isLessThanOrEqualTo(7);
    }

    @Test
    void fitMarksTheCut() {
        assertThat(TextWrap.fit("abcdef", 4)).isEqualTo("abc…");
        assertThat(TextWrap.fit("abc", 4)).isEqualTo("abc");
        assertThat(TextWrap.fit("abc", 0)).isEmpty();
    }
}
