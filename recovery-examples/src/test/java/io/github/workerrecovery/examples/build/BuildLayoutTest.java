package io.github.workerrecovery.examples.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the reactor publishes: every library module ships sources and javadoc (it does not switch
 * {@code library.docs.skip} on) and is listed in {@code recovery-bom}, which carries the reactor's
 * version. A new library module that is not added to the BOM fails here.
 */
class BuildLayoutTest {

    private static final List<String> APPLICATIONS = List.of("recovery-cli", "recovery-examples", "recovery-examples/spring-boot-orders",
            "recovery-bench");

    private final Path root = ReactorPoms.root();

    @Test
    void theBomListsEveryLibraryModuleAndNothingElse() {
        List<String> libraries = ReactorPoms.modules(root).stream()
                .filter(m -> !m.equals("recovery-bom"))
                .filter(m -> !ReactorPoms.property(root.resolve(m).resolve("pom.xml"), "library.docs.skip").orElse("false").equals("true"))
                .toList();

        assertThat(libraries).contains("recovery-api", "recovery-core", "recovery-testkit", "recovery-oshi", "recovery-rabbitmq")
                .doesNotContainAnyElementsOf(APPLICATIONS);
        assertThat(ReactorPoms.managedArtifacts(root.resolve("recovery-bom/pom.xml")))
                .as("recovery-bom/pom.xml's dependencyManagement")
                .containsExactlyInAnyOrderElementsOf(libraries);
    }

    @Test
    void theApplicationsShipNoDocsJars() {
        for (String app : APPLICATIONS) {
            assertThat(ReactorPoms.property(root.resolve(app).resolve("pom.xml"), "library.docs.skip"))
                    .as(app).contains("true");
        }
        assertThat(ReactorPoms.property(root.resolve("pom.xml"), "library.docs.skip")).contains("false");
    }

    @Test
    void theBomHasTheReactorsVersionAndNoParent() {
        String version = ReactorPoms.text(root.resolve("pom.xml"), "version").orElseThrow();
        Path bom = root.resolve("recovery-bom/pom.xml");

        assertThat(ReactorPoms.text(bom, "version")).contains(version);
        // a parent's third-party dependencyManagement would come along into every importing build
        assertThat(ReactorPoms.text(bom, "parent")).isEmpty();
        assertThat(ReactorPoms.text(bom, "packaging")).contains("pom");
    }
}
