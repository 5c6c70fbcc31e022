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

    /** The sealed hierarchy is the list: every leaf is a transient record or the journal's, each with its own name. */
    @Test
    void theSealedHierarchyHoldsEveryEventOnceUnderItsOwnName() {
        List<Class<?>> leaves = new java.util.ArrayList<>();
        java.util.ArrayDeque<Class<?>> todo = new java.util.ArrayDeque<>(List.of(Event.class));
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (c.isSealed()) todo.addAll(List.of(c.getPermittedSubclasses()));
            else leaves.add(c);
        }
        List<Class<?>> expected = new java.util.ArrayList<>(TransientEvents.ALL);
        expected.add(JournalEvent.class);
        assertThat(leaves).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(leaves.stream().map(Class::getSimpleName).distinct()).hasSameSizeAs(leaves);
        assertThat(leaves.stream().map(Class::getSimpleName))
                .as("a runtime event never takes a coordination journal event's name")
                .doesNotContain("AgentStatusChanged", "AgentRegistered", "TaskAdded");
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
