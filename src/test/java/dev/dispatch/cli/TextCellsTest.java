package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The loops that replaced a regex and a stream on the text renderers' path (the socket lane prints them
 * too) give what the regex and the stream gave: {@link Columns#oneLine} is {@code replaceAll("[\r\n\t]+",
 * " ")}, {@link CoordArgs#firstLine} is the first of {@code strip().lines()}, over awkward and random text.
 */
class TextCellsTest {
    private static final String ALPHABET = "ab \r\n\t\u00e9\u2028 ";

    @Test
    void oneLineAndFirstLineMatchWhatTheyReplaced() {
        List<String> texts = new ArrayList<>(List.of(
                "",
                "plain",
                "\n",
                "\r\n",
                "a\r\n\tb",
                "\ta",
                "a\t",
                "a\n\n\nb\rc",
                " lead and trail \n",
                "line one\nline two",
                "\r\rx",
                "🚀\n🚀"));
        Random random = new Random(42);
        for (int n = 0; n < 2_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            texts.add(b.toString());
        }
        for (String t : texts) {
            assertThat(Columns.oneLine(t)).as(escaped(t)).isEqualTo(t.replaceAll("[\\r\\n\\t]+", " "));
            for (int max : new int[] {3, 60}) {
                String line = t.strip().lines().findFirst().orElse("");
                String expected = line.length() <= max ? line : line.substring(0, max - 1) + "…";
                assertThat(CoordArgs.firstLine(t, max)).as(escaped(t)).isEqualTo(expected);
            }
        }
    }

    private static String escaped(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }
}
