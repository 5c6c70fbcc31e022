package dev.dispatch.tui;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import org.junit.jupiter.api.Test;

/** Colours readable on dark and light terminals: no fixed backgrounds, no RGB, emphasis by reverse. */
class PaletteTest {
    @Test
    void noStyleHardCodesABackgroundOrAnRgbColour() {
        for (Style s : Style.values()) {
            Palette.Look l = Palette.look(s);
            assertThat(l.bg()).as(s.name()).isEqualTo(TextColor.ANSI.DEFAULT);
            assertThat(l.fg()).as(s.name()).isInstanceOf(TextColor.ANSI.class);
        }
    }

    @Test
    void modalSelectionAndHitsUseReverseVideoOnDefaultColours() {
        for (Style s : new Style[] {Style.MODAL_TITLE, Style.SELECTED, Style.MATCH, Style.HEADER}) {
            Palette.Look l = Palette.look(s);
            assertThat(l.sgr()).as(s.name()).contains(SGR.REVERSE);
            assertThat(l.fg()).as(s.name()).isEqualTo(TextColor.ANSI.DEFAULT);
        }
        assertThat(Palette.look(Style.MODAL).fg()).isEqualTo(TextColor.ANSI.DEFAULT);
    }

    @Test
    void neitherWhiteNorBlackIsUsedAsText() {
        for (Style s : Style.values()) {
            assertThat(Palette.look(s).fg())
                    .as(s.name())
                    .isNotIn(
                            TextColor.ANSI.WHITE,
                            TextColor.ANSI.BLACK,
                            TextColor.ANSI.WHITE_BRIGHT,
                            TextColor.ANSI.BLACK_BRIGHT);
        }
    }
}
