package dev.dispatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonLine} writes what Jackson's {@code ObjectNode.toString()} wrote for a run's output before it
 * replaced it: the same bytes for every kind of value and every character that needs escaping.
 */
class JsonLineTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everyCharacterIsEscapedAsJacksonEscapesIt() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x300; c++) all.append(c);
        all.append("\u2028\u2029\uFEFF\uD83D\uDE00 \" \\ / é ✓");
        String text = all.toString();
        assertThat(new JsonLine().put("s", text).toString())
                .isEqualTo(MAPPER.createObjectNode().put("s", text).toString());
        assertThat(new JsonLine().put("", "").put("k\n\"", "v").toString())
                .isEqualTo(
                        MAPPER.createObjectNode().put("", "").put("k\n\"", "v").toString());
    }

    @Test
    void numbersBooleansNullsNestingAndOrderAreJacksons() {
        for (double d : new double[] {
            0.0,
            -0.0,
            1.0,
            0.1,
            1e-7,
            123456789.125,
            1e21,
            3.0e-5,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY
        }) {
            assertThat(new JsonLine().put("d", d).toString())
                    .as("%s", d)
                    .isEqualTo(MAPPER.createObjectNode().put("d", d).toString());
        }
        JsonLine line = new JsonLine()
                .put("type", "end")
                .put("n", 42L)
                .put("i", Integer.MIN_VALUE)
                .put("b", true)
                .put("absent", (String) null)
                .putNull("parent_id")
                .put("type", "again"); // a repeated name keeps its place
        line.putObject("usage").put("input_tokens", Long.MAX_VALUE).put("ok", false);
        line.putArray("options").addAll(List.of("a", "b\tc"));
        line.put("tail", "x");
        line.remove("n");
        ObjectNode node = MAPPER.createObjectNode()
                .put("type", "end")
                .put("n", 42L)
                .put("i", Integer.MIN_VALUE)
                .put("b", true)
                .put("absent", (String) null)
                .putNull("parent_id")
                .put("type", "again");
        node.putObject("usage").put("input_tokens", Long.MAX_VALUE).put("ok", false);
        node.putArray("options").add("a").add("b\tc");
        node.put("tail", "x");
        node.remove("n");
        assertThat(line.toString()).isEqualTo(node.toString());
        assertThat(new JsonLine().toString()).isEqualTo("{}");
    }
}
