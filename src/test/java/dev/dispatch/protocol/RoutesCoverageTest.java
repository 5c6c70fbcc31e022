package dev.dispatch.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every op the engine answers is reachable over the daemon: a new op without a route fails here. */
class RoutesCoverageTest {
    @Test
    void everyOpHasADaemonRoute() {
        List<String> missing = new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.dispatch.protocol")
                        .stream()
                        .filter(c -> c.isAssignableTo(Op.class) && !c.isInterface())
                        .map(JavaClass::reflect)
                        .filter(c -> !Routes.standard().has(c))
                        .map(Class::getName)
                        .sorted()
                        .toList();
        assertThat(missing)
                .as("ops without a route in protocol.Routes (add one, and document it in docs/api.md)")
                .isEmpty();
    }
}
