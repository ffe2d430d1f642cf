package io.github.workerrecovery.examples.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module rules of {@link ModuleBoundaries} hold for the whole reactor, and the checker does
 * catch each kind of break (proved on small source trees made here).
 */
class ModuleBoundariesTest {

    @TempDir
    Path tree;

    @Test
    void everyModuleOfTheReactorKeepsItsBoundaries() {
        Path root = ReactorPoms.root();
        List<String> modules = ReactorPoms.modules(root);

        ModuleBoundaries.Result result = ModuleBoundaries.check(root, modules);

        // not vacuous: the modules the rules are about are there, and their files were read
        assertThat(modules).contains("recovery-api", "recovery-core", "recovery-oshi", "recovery-rabbitmq", "recovery-cli",
                "recovery-micrometer", "recovery-web");
        assertThat(result.filesChecked()).isGreaterThan(200);
        assertThat(result.violations()).as("imports that break the module rules").isEmpty();
    }

    @Test
    void theApiMayUseOnlyTheJdkAndItself() throws IOException {
        source("recovery-api", "api/Ok.java", """
                package io.github.workerrecovery.api;
                import java.time.Duration;
                import static java.util.Objects.requireNonNull;
                import io.github.workerrecovery.api.WorkerId;
                class Ok {}
                """);
        source("recovery-api", "api/Bad.java", """
                package io.github.workerrecovery.api;

                import java.util.List;
                import org.slf4j.Logger;
                class Bad {}
                """);

        assertThat(lines(check("recovery-api"))).containsExactly(
                "recovery-api/src/main/java/io/github/workerrecovery/api/Bad.java:4: uses org.slf4j.Logger"
                        + " (recovery-api may use only java.* and itself)");
    }

    @Test
    void aPlugInMayNotUseTheCore() throws IOException {
        source("recovery-oshi", "oshi/Probe.java", """
                package io.github.workerrecovery.oshi;
                import io.github.workerrecovery.api.HealthProbe;
                import io.github.workerrecovery.core.RecoveryConfig;
                class Probe {}
                """);
        source("recovery-json", "json/Mapper.java", """
                package io.github.workerrecovery.json;
                import io.github.workerrecovery.core.store.*;
                class Mapper {}
                """);

        assertThat(lines(check("recovery-oshi", "recovery-json"))).containsExactly(
                "recovery-oshi/src/main/java/io/github/workerrecovery/oshi/Probe.java:3: uses"
                        + " io.github.workerrecovery.core.RecoveryConfig (a plug-in uses recovery-api only, never recovery-core)",
                "recovery-json/src/main/java/io/github/workerrecovery/json/Mapper.java:2: uses"
                        + " io.github.workerrecovery.core.store.* (a plug-in uses recovery-api only, never recovery-core)");
    }

    @Test
    void onlyTheCoreMayUseCoreInternal() throws IOException {
        source("recovery-cli", "cli/PidFile.java", """
                package io.github.workerrecovery.cli;
                import io.github.workerrecovery.core.io.AtomicFiles;
                import io.github.workerrecovery.core.internal.io.AtomicFiles;
                class PidFile {}
                """);
        source("recovery-core", "core/store/Store.java", """
                package io.github.workerrecovery.core.store;
                import io.github.workerrecovery.core.internal.plugin.PluginRegistry;
                class Store {}
                """);

        assertThat(lines(check("recovery-cli", "recovery-core"))).containsExactly(
                "recovery-cli/src/main/java/io/github/workerrecovery/cli/PidFile.java:3: uses"
                        + " io.github.workerrecovery.core.internal.io.AtomicFiles"
                        + " (only recovery-core may use io.github.workerrecovery.core.internal)");
    }

    @Test
    void theCoreNamesNoPlugInNorFrontEndClassButMayUseTheJsonMapping() throws IOException {
        source("recovery-core", "core/Engine.java", """
                package io.github.workerrecovery.core;
                import com.rabbitmq.client.Connection;
                import static picocli.CommandLine.Option;
                import io.github.workerrecovery.json.SageEventMapping;
                class Engine {
                    Object probe = new io.github.workerrecovery.oshi.ResourceProbe();
                }
                """);

        assertThat(lines(check("recovery-core"))).containsExactly(
                "recovery-core/src/main/java/io/github/workerrecovery/core/Engine.java:2: uses com.rabbitmq.client.Connection"
                        + " (recovery-core never names a plug-in's or a front end's class)",
                "recovery-core/src/main/java/io/github/workerrecovery/core/Engine.java:3: uses picocli.CommandLine.Option"
                        + " (recovery-core never names a plug-in's or a front end's class)",
                "recovery-core/src/main/java/io/github/workerrecovery/core/Engine.java:6: uses"
                        + " io.github.workerrecovery.oshi.ResourceProbe (recovery-core never names a plug-in's or a front end's class)");
    }

    @Test
    void theMetricsModuleSitsOnTopOfTheCoreAndNothingBelowNamesIt() throws IOException {
        source("recovery-micrometer", "micrometer/Binder.java", """
                package io.github.workerrecovery.micrometer;
                import io.github.workerrecovery.api.event.RecoveryEvent;
                import io.github.workerrecovery.core.WorkerAutoRecovery;
                import io.micrometer.core.instrument.MeterRegistry;
                import io.github.workerrecovery.oshi.ResourceProbe;
                import io.github.workerrecovery.core.internal.engine.RecoveryEngine;
                class Binder {}
                """);
        source("recovery-core", "core/Engine.java", """
                package io.github.workerrecovery.core;
                import io.micrometer.core.instrument.Counter;
                class Engine {
                    Object m = new io.github.workerrecovery.micrometer.WorkerRecoveryMetrics(null);
                }
                """);
        source("recovery-rabbitmq", "rabbitmq/Probe.java", """
                package io.github.workerrecovery.rabbitmq;
                import static io.micrometer.core.instrument.Metrics.globalRegistry;
                class Probe {}
                """);

        assertThat(lines(check("recovery-micrometer", "recovery-core", "recovery-rabbitmq"))).containsExactly(
                "recovery-micrometer/src/main/java/io/github/workerrecovery/micrometer/Binder.java:5: uses"
                        + " io.github.workerrecovery.oshi.ResourceProbe"
                        + " (recovery-micrometer uses only the public API of recovery-core and recovery-api)",
                "recovery-micrometer/src/main/java/io/github/workerrecovery/micrometer/Binder.java:6: uses"
                        + " io.github.workerrecovery.core.internal.engine.RecoveryEngine"
                        + " (only recovery-core may use io.github.workerrecovery.core.internal)",
                "recovery-core/src/main/java/io/github/workerrecovery/core/Engine.java:2: uses"
                        + " io.micrometer.core.instrument.Counter (nothing below recovery-micrometer names it or Micrometer)",
                "recovery-core/src/main/java/io/github/workerrecovery/core/Engine.java:4: uses"
                        + " io.github.workerrecovery.micrometer.WorkerRecoveryMetrics"
                        + " (nothing below recovery-micrometer names it or Micrometer)",
                "recovery-rabbitmq/src/main/java/io/github/workerrecovery/rabbitmq/Probe.java:2: uses"
                        + " io.micrometer.core.instrument.Metrics.globalRegistry"
                        + " (nothing below recovery-micrometer names it or Micrometer)");
    }

    @Test
    void theWebModuleSitsOnTopOfTheCoreAndNothingBelowNamesIt() throws IOException {
        source("recovery-web", "web/Server.java", """
                package io.github.workerrecovery.web;
                import io.github.workerrecovery.core.WorkerAutoRecovery;
                import io.github.workerrecovery.json.RecoveryJson;
                import io.github.workerrecovery.web.internal.Router;
                import io.github.workerrecovery.micrometer.PrometheusText;
                import io.micrometer.core.instrument.MeterRegistry;
                import io.github.workerrecovery.cli.Main;
                class Server {}
                """);
        source("recovery-core", "core/Status.java", """
                package io.github.workerrecovery.core;
                class Status {
                    Object web = io.github.workerrecovery.web.WebOptions.defaults();
                }
                """);

        assertThat(lines(check("recovery-web", "recovery-core"))).containsExactly(
                "recovery-web/src/main/java/io/github/workerrecovery/web/Server.java:5: uses"
                        + " io.github.workerrecovery.micrometer.PrometheusText (recovery-web uses only the public API"
                        + " of recovery-core, recovery-api and recovery-json, and not Micrometer)",
                "recovery-web/src/main/java/io/github/workerrecovery/web/Server.java:6: uses"
                        + " io.micrometer.core.instrument.MeterRegistry (recovery-web uses only the public API"
                        + " of recovery-core, recovery-api and recovery-json, and not Micrometer)",
                "recovery-web/src/main/java/io/github/workerrecovery/web/Server.java:7: uses"
                        + " io.github.workerrecovery.cli.Main (recovery-web uses only the public API"
                        + " of recovery-core, recovery-api and recovery-json, and not Micrometer)",
                "recovery-core/src/main/java/io/github/workerrecovery/core/Status.java:3: uses"
                        + " io.github.workerrecovery.web.WebOptions.defaults (nothing below recovery-web names it)");
    }

    @Test
    void theStarterSitsOnTopAndNoOtherLibraryNamesSpring() throws IOException {
        source("recovery-spring-boot-starter", "spring/Config.java", """
                package io.github.workerrecovery.spring;
                import org.springframework.context.annotation.Bean;
                import io.github.workerrecovery.micrometer.WorkerRecoveryMetrics;
                import io.github.workerrecovery.cli.Main;
                class Config {}
                """);
        source("recovery-core", "core/Wiring.java", """
                package io.github.workerrecovery.core;
                import org.springframework.context.SmartLifecycle;
                class Wiring {}
                """);

        assertThat(lines(check("recovery-spring-boot-starter", "recovery-core"))).containsExactly(
                "recovery-spring-boot-starter/src/main/java/io/github/workerrecovery/spring/Config.java:4: uses"
                        + " io.github.workerrecovery.cli.Main (recovery-spring-boot-starter uses only the public API of"
                        + " recovery-core, recovery-api and recovery-micrometer)",
                "recovery-core/src/main/java/io/github/workerrecovery/core/Wiring.java:2: uses"
                        + " org.springframework.context.SmartLifecycle (no library module names Spring)");
    }

    @Test
    void namesInCommentsAndStringsAreNoDependency() throws IOException {
        source("recovery-cli", "cli/Doc.java", """
                package io.github.workerrecovery.cli;
                /** Unlike {@link io.github.workerrecovery.core.internal.engine.RecoveryEngine}, ... */
                class Doc {
                    // io.github.workerrecovery.core.internal.io.AtomicFiles moved
                    String s = "io.github.workerrecovery.core.internal.x";
                    String t = \"""
                        io.github.workerrecovery.core.internal.y
                        \""";
                    char c = '"';
                    Object real = io.github.workerrecovery.core.internal.z.Z.class;
                }
                """);

        assertThat(lines(check("recovery-cli"))).containsExactly(
                "recovery-cli/src/main/java/io/github/workerrecovery/cli/Doc.java:10: uses"
                        + " io.github.workerrecovery.core.internal.z.Z.class"
                        + " (only recovery-core may use io.github.workerrecovery.core.internal)");
    }

    @Test
    void testSourcesAndUnlistedModulesAreNotChecked() throws IOException {
        Path test = tree.resolve("recovery-cli/src/test/java/io/github/workerrecovery/cli/T.java");
        Files.createDirectories(test.getParent());
        Files.writeString(test, "import io.github.workerrecovery.core.internal.engine.RecoveryEngine;\n");
        source("recovery-other", "other/X.java", "import io.github.workerrecovery.core.internal.engine.RecoveryEngine;\n");

        ModuleBoundaries.Result result = check("recovery-cli");

        assertThat(result.filesChecked()).isZero();
        assertThat(result.violations()).isEmpty();
    }

    private void source(String module, String file, String text) throws IOException {
        Path path = tree.resolve(module).resolve("src/main/java/io/github/workerrecovery").resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    private ModuleBoundaries.Result check(String... modules) {
        return ModuleBoundaries.check(tree, List.of(modules));
    }

    private static List<String> lines(ModuleBoundaries.Result result) {
        return result.violations().stream().map(ModuleBoundaries.Violation::toString).toList();
    }
}
