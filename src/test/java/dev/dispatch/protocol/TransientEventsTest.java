package dev.dispatch.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry names every transient event record, under the same name its type() says. */
class TransientEventsTest {
    @Test
    void everyTransientEventRecordIsRegisteredUnderItsWireName() throws Exception {
        List<Class<?>> records = new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.dispatch.protocol")
                        .stream()
                        .filter(c -> c.isAssignableTo(Event.class)
                                && c.isRecord()
                                && !c.getSimpleName().startsWith("Journal"))
                        .map(JavaClass::reflect)
                        .toList();
        assertThat(records).containsExactlyInAnyOrderElementsOf(TransientEvents.ALL);
        for (Class<?> c : records) {
            Event e = (Event) instance(c);
            assertThat(TransientEvents.byName(e.type())).as(c.getName()).isEqualTo(c);
        }
    }

    @Test
    void aRuntimeEventSurvivesTheWireRoundTrip() throws Exception {
        var e = new RuntimeEvents.ToolCallFinished("agt_1", "c1", "run_shell", "ok\n", false, 0);
        String json = Json.mapper().writeValueAsString(e);
        assertThat(Json.mapper().readValue(json, TransientEvents.byName(e.type())))
                .isEqualTo(e);
    }

    private static Object instance(Class<?> c) throws Exception {
        RecordComponent[] parts = c.getRecordComponents();
        Class<?>[] types = new Class<?>[parts.length];
        Object[] args = new Object[parts.length];
        for (int i = 0; i < parts.length; i++) {
            types[i] = parts[i].getType();
            args[i] = types[i] == int.class
                    ? 0
                    : types[i] == long.class
                            ? 0L
                            : types[i] == double.class
                                    ? 0.0
                                    : types[i] == boolean.class
                                            ? false
                                            : types[i] == Instant.class ? Instant.EPOCH : null;
        }
        return c.getDeclaredConstructor(types).newInstance(args);
    }
}
