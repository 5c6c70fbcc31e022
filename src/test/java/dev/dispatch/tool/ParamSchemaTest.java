package dev.dispatch.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispatch.tool.Param.Presence;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParamSchemaTest {
    enum Mode {
        FAST,
        CAREFUL
    }

    record Sample(
            @Param("a name") String name,
            @Param("a count") int count,
            @Param(value = "a big number", presence = Presence.OPTIONAL) Long big,
            @Param(value = "a flag", presence = Presence.OPTIONAL) Boolean dryRun,
            @Param(value = "a mode", presence = Presence.OPTIONAL) Mode mode,
            @Param(value = "some tags", presence = Presence.OPTIONAL) List<String> tags) {}

    record Unsupported(@Param("nested") Sample sample) {}

    record OptionalPrimitive(@Param(value = "x", presence = Presence.OPTIONAL) int x) {}

    record Undocumented(@Param("documented") String a, String b) {}

    record Checked(@Param("a positive count") int count) {
        Checked {
            if (count < 1) throw new IllegalArgumentException("count must be positive, got " + count);
        }
    }

    @Test
    void schemaIsDerivedFromTheRecord() throws Exception {
        ObjectNode schema = ParamSchema.of(Sample.class);
        assertThat(schema.toString())
                .isEqualTo(
                        """
                {"type":"object","properties":{\
                "name":{"type":"string","description":"a name"},\
                "count":{"type":"integer","description":"a count"},\
                "big":{"type":"integer","description":"a big number"},\
                "dry_run":{"type":"boolean","description":"a flag"},\
                "mode":{"type":"string","enum":["fast","careful"],"description":"a mode"},\
                "tags":{"type":"array","items":{"type":"string"},"description":"some tags"}},\
                "required":["name","count"],"additionalProperties":false}""");
    }

    @Test
    void unsupportedShapesAreRejectedAtRegistration() {
        assertThatThrownBy(() -> ParamSchema.of(Unsupported.class)).hasMessageContaining("unsupported type");
        assertThatThrownBy(() -> ParamSchema.of(OptionalPrimitive.class)).hasMessageContaining("boxed type");
    }

    @Test
    void everyStandardToolHasASchemaAndADescription() {
        Map<String, ToolSpec> specs =
                ToolRegistry.standard().specs().stream().collect(Collectors.toMap(ToolSpec::name, s -> s));
        assertThat(specs).containsOnlyKeys("read_file", "write_file", "edit_file", "list_files", "grep", "run_shell");
        specs.values().forEach(s -> {
            assertThat(s.description()).as(s.name()).hasSizeGreaterThan(100);
            assertThat(s.inputSchema().get("type").asText()).isEqualTo("object");
            s.inputSchema()
                    .get("properties")
                    .forEach(p -> assertThat(p.get("description").asText()).isNotBlank());
        });
        assertThat(required(specs.get("read_file"))).containsExactly("path");
        assertThat(specs.get("read_file")
                        .inputSchema()
                        .at("/properties/offset/type")
                        .asText())
                .isEqualTo("integer");
        assertThat(required(specs.get("write_file"))).containsExactly("path", "content");
        assertThat(required(specs.get("edit_file"))).containsExactly("path", "old_string", "new_string");
        assertThat(specs.get("edit_file")
                        .inputSchema()
                        .at("/properties/replace_all/type")
                        .asText())
                .isEqualTo("boolean");
        assertThat(required(specs.get("list_files"))).isEmpty();
        assertThat(required(specs.get("grep"))).containsExactly("pattern");
        assertThat(specs.get("grep").inputSchema().get("properties").has("ignore_case"))
                .isTrue();
        assertThat(required(specs.get("run_shell"))).containsExactly("command");
        assertThat(specs.get("run_shell")
                        .inputSchema()
                        .at("/properties/timeout_seconds/type")
                        .asText())
                .isEqualTo("integer");
    }

    @Test
    void parsesSnakeCaseArgumentsIntoTheRecord() {
        Sample s = ParamSchema.parse(
                Sample.class,
                "{\"name\":\"n\",\"count\":\"7\",\"big\":9000000000,\"dry_run\":true,\"mode\":\"CAREFUL\",\"tags\":[\"a\",\"b\"]}");
        assertThat(s).isEqualTo(new Sample("n", 7, 9_000_000_000L, true, Mode.CAREFUL, List.of("a", "b")));
        assertThat(ParamSchema.parse(Sample.class, "{\"name\":\"n\",\"count\":1}")
                        .dryRun())
                .isNull();
    }

    @Test
    void repeatedParsesOfOneTypeStayIndependent() {
        // the record's shape is worked out once per type; each call still gets its own values and checks
        for (int i = 1; i <= 3; i++) {
            assertThat(ParamSchema.parse(Checked.class, "{\"count\":" + i + "}"))
                    .isEqualTo(new Checked(i));
            assertThat(ParamSchema.parse(Sample.class, "{\"name\":\"n" + i + "\",\"count\":" + i + "}"))
                    .isEqualTo(new Sample("n" + i, i, null, null, null, null));
        }
        assertThatThrownBy(() -> ParamSchema.parse(Checked.class, "{\"count\":0}"))
                .isInstanceOf(ToolFailure.class)
                .hasMessage("count must be positive, got 0");
        assertThat(ParamSchema.parse(Checked.class, "{\"count\":4}")).isEqualTo(new Checked(4));
        assertThatThrownBy(() -> ParamSchema.parse(Undocumented.class, "{\"a\":\"x\"}"))
                .hasMessageContaining("Undocumented.b has no @Param");
    }

    @Test
    void badArgumentsNameTheFieldAndWhatWasWrong() {
        assertThatThrownBy(() -> ParamSchema.parse(Sample.class, "{\"name\": "))
                .isInstanceOf(ToolFailure.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ParamSchema.parse(Sample.class, "[1]"))
                .hasMessage("arguments must be a JSON object, got array");
        assertThatThrownBy(() -> ParamSchema.parse(Sample.class, "{\"count\":1}"))
                .hasMessage("missing required parameter 'name' (a name)");
        assertThatThrownBy(() -> ParamSchema.parse(Sample.class, "{\"name\":\"n\",\"count\":\"many\"}"))
                .hasMessage("parameter 'count' must be an integer, got string \"many\"");
        assertThatThrownBy(() -> ParamSchema.parse(Sample.class, "{\"name\":\"n\",\"count\":1.5}"))
                .hasMessageContaining("parameter 'count' must be an integer, got number 1.5");
        assertThatThrownBy(() -> ParamSchema.parse(Sample.class, "{\"name\":\"n\",\"count\":99999999999}"))
                .hasMessageContaining("'count' is out of range");
        assertThatThrownBy(() -> ParamSchema.parse(Sample.class, "{\"name\":5,\"count\":1}"))
                .hasMessage("parameter 'name' must be a string, got number 5");
        assertThatThrownBy(() -> ParamSchema.parse(Sample.class, "{\"name\":\"n\",\"count\":1,\"mode\":\"slow\"}"))
                .hasMessage("parameter 'mode' must be one of fast, careful, got string \"slow\"");
        assertThatThrownBy(() -> ParamSchema.parse(Sample.class, "{\"name\":\"n\",\"count\":1,\"tags\":[\"a\",2]}"))
                .hasMessage("parameter 'tags[1]' must be a string, got number 2");
        assertThatThrownBy(() -> ParamSchema.parse(Sample.class, "{\"name\":\"n\",\"count\":1,\"dryrun\":true}"))
                .hasMessage("unknown parameter 'dryrun'; known parameters: big, count, dry_run, mode, name, tags");
    }

    @Test
    void theRegistryTurnsBadCallsIntoErrorResults(@TempDir Path tmp) throws Exception {
        var ws = new Workspace(tmp);
        ToolResult unknown = ws.call("read_fil", "{}");
        assertThat(unknown.isError()).isTrue();
        assertThat(unknown.text()).contains("unknown tool 'read_fil'").contains("read_file");
        ToolResult bad = ws.call("read_file", "{\"path\":\"a\",\"offset\":0}");
        assertThat(bad.isError()).isTrue();
        assertThat(bad.text()).isEqualTo("invalid arguments for read_file: offset must be 1 or more, got 0");
        ToolResult missing = ws.call("edit_file", "{\"path\":\"a\"}");
        assertThat(missing.text())
                .startsWith("invalid arguments for edit_file: missing required parameter 'old_string'");
    }

    private static List<String> required(ToolSpec spec) {
        return java.util.stream.StreamSupport.stream(
                        spec.inputSchema().get("required").spliterator(), false)
                .map(n -> n.asText())
                .toList();
    }
}
