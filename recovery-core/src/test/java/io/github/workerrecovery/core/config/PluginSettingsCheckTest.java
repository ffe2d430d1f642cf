package io.github.workerrecovery.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.Setting;
import io.github.workerrecovery.api.SettingType;
import io.github.workerrecovery.api.SettingsSpec;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigException;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.WorkerSpecBuilder;
import io.github.workerrecovery.testkit.InMemoryStrategyStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plug-in sections and worker probe sections are checked against the settings their providers
 * declare, when the config is built, in the same words from YAML and from the builder.
 */
class PluginSettingsCheckTest {

    /** Every provider on core's test classpath, as {@code plugins.<name>} problems list them. */
    private static final String KNOWN_PROVIDERS = "connection_reset, error_rate, graceful_restart, heartbeat, http, json,"
            + " jsonl, liveness, log, memory_cleanup, reset_cache, restart, scale_up, tcp, webhook";

    @TempDir
    Path dir;

    private static List<String> problems(ThrowingBuild build) {
        try {
            build.run();
        } catch (RecoveryConfigException e) {
            return e.problems();
        }
        throw new AssertionError("the config was accepted");
    }

    private interface ThrowingBuild {
        void run();
    }

    private static WorkerSpecBuilder worker(String id) {
        return WorkerSpec.builder(id).command(List.of("sleep", "60"));
    }

    @Test
    void aTypoInAWorkersHttpSectionGivesTheSameLinesFromYamlAndFromTheBuilder() {
        List<String> expected = List.of(
                "workers.web.probes.http.ulr: unknown setting (known: url, timeout, expect_status, enabled)",
                "workers.web.probes.http.url: is required (the absolute http or https URL to GET)");

        List<String> fromYaml = problems(() -> RecoveryConfig.parse("""
                workers:
                  web:
                    command: [sleep, "60"]
                    probes:
                      http: {ulr: "http://127.0.0.1:8080/health"}
                """, dir).build());
        List<String> fromBuilder = problems(() -> RecoveryConfig.builder()
                .worker(worker("web").probe("http", Map.of("ulr", "http://127.0.0.1:8080/health")).build())
                .build());

        assertThat(fromYaml).containsExactlyElementsOf(expected);
        assertThat(fromBuilder).containsExactlyElementsOf(expected);
    }

    @Test
    void aReadyProbeWithoutSettingsCanBeSwitchedOnByNameAndTheSwitchMustBeABoolean() {
        io.github.workerrecovery.testkit.FakeProbe probe = new io.github.workerrecovery.testkit.FakeProbe("queue_age");
        // the list form writes {enabled: true}: a probe that declares no settings takes it all the same
        RecoveryConfig config = RecoveryConfig.parse("""
                workers:
                  batch:
                    command: [sleep, "60"]
                    probes: [queue_age]
                """, dir).probe(probe).build();
        assertThat(config.workers().get(0).probes()).containsOnlyKeys("queue_age");
        assertThat(problems(() -> RecoveryConfig.parse("""
                workers:
                  batch:
                    command: [sleep, "60"]
                    probes:
                      queue_age: {enabled: maybe}
                """, dir).probe(probe).build()))
                .containsExactly("workers.batch.probes.queue_age.enabled: must be true or false but was 'maybe'");
    }

    @Test
    void aTcpPortThatIsNotANumberIsRefused() {
        assertThat(problems(() -> RecoveryConfig.parse("""
                workers:
                  db:
                    command: [sleep, "60"]
                    probes:
                      tcp: {port: eighty}
                """, dir).build()))
                .containsExactly("workers.db.probes.tcp.port: must be an integer but was 'eighty'");
        assertThat(problems(() -> RecoveryConfig.builder()
                .worker(worker("db").probe("tcp", Map.of("port", 70000, "timeout", "0s")).build()).build()))
                .containsExactly("workers.db.probes.tcp.port: must be 1..65535 but was 70000",
                        "workers.db.probes.tcp.timeout: must be >= 1 ms but was 0 ms");
    }

    @Test
    void anUnknownKeyInAPluginSectionListsTheKnownKeys() {
        assertThat(problems(() -> RecoveryConfig.parse("plugins:\n  jsonl: {max_bytez: 1000}\n", dir).build()))
                .containsExactly("plugins.jsonl.max_bytez: unknown setting (known: kinds, max_bytes, max_files)");
        assertThat(problems(() -> RecoveryConfig.builder().plugin("jsonl", Map.of("max_bytez", 1000)).build()))
                .containsExactly("plugins.jsonl.max_bytez: unknown setting (known: kinds, max_bytes, max_files)");
    }

    @Test
    void aSectionForAProviderThatDoesNotExistIsRefused() {
        assertThat(problems(() -> RecoveryConfig.parse("plugins:\n  no_such_plugin: {a: 1}\n", dir).build()))
                .containsExactly("plugins.no_such_plugin: no provider named 'no_such_plugin' (known: " + KNOWN_PROVIDERS + ")");
    }

    @Test
    void pluginAndWorkerProblemsComeWithTheCoreValueProblemsInOneException() {
        assertThatThrownBy(() -> RecoveryConfig.parse("""
                restart_window: -5
                store: jsn
                notifiers: [log, slack]
                plugins:
                  webhook: {url: "https://example.org/hook", retries: -1}
                workers:
                  w:
                    command: [sleep, "60"]
                    actions: [restart, reboot]
                    probes:
                      telepathy: {enabled: true}
                      error_rate: {critical_factor: 0.5}
                """, dir).build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "restart_window: must be > 0 but was -5 s",
                        "plugins.webhook.retries: must be >= 0 but was -1",
                        "store: unknown strategy store 'jsn' (known: json)",
                        "notifiers: unknown notifier 'slack' (known: jsonl, log, webhook)",
                        "workers.w.actions: unknown action 'reboot' (known: connection_reset, graceful_restart,"
                                + " memory_cleanup, reset_cache, restart, scale_up)",
                        "workers.w.probes.error_rate.critical_factor: must be >= 1 but was 0.5",
                        "workers.w.probes: unknown probe 'telepathy' (known: error_rate, heartbeat, http, liveness, tcp)"));
    }

    @Test
    void aReadyProbeDeclaresTheWorkerKeysItReads() {
        HealthProbe lag = new HealthProbe() {
            @Override
            public String name() {
                return "lag";
            }

            @Override
            public SettingsSpec workerSettings() {
                return SettingsSpec.of(Setting.required("topic", SettingType.TEXT, "the topic to watch"),
                        Setting.duration("max_lag", Duration.ofSeconds(30), "lag that counts as a problem"));
            }

            @Override
            public HealthSignal check(ProbeContext context) {
                throw new UnsupportedOperationException();
            }
        };

        assertThat(problems(() -> RecoveryConfig.builder().serviceLoading(false).probe(lag)
                .strategyStore(new InMemoryStrategyStore()).notifiers(List.of())
                .worker(worker("w").probe("lag", Map.of("max_lag", "soon")).build()).build()))
                .containsExactly("workers.w.probes.lag.topic: is required (the topic to watch)",
                        "workers.w.probes.lag.max_lag: must be a duration such as 30, 500ms, 30s, 5m or 2h but was 'soon'");
        assertThat(RecoveryConfig.builder().serviceLoading(false).probe(lag)
                .strategyStore(new InMemoryStrategyStore()).notifiers(List.of())
                .worker(worker("w").probe("lag", Map.of("topic", "orders")).build()).build().workers()).hasSize(1);
    }

    @Test
    void aValidConfigWithEveryBuiltInSectionIsAccepted() {
        RecoveryConfig config = RecoveryConfig.parse("""
                plugins:
                  json: {history_retention: 500}
                  jsonl: {kinds: [incident], max_bytes: 1000, max_files: 2}
                  webhook: {url: "https://example.org/hook", timeout: 2s, headers: {X-Token: abc}}
                  http: {timeout: 3s}
                workers:
                  w:
                    command: [sleep, "60"]
                    probes:
                      http: {url: "http://127.0.0.1:8080/health", expect_status: [200, 204], timeout: 1s}
                      tcp: {port: 5432, host: db}
                      heartbeat: {file: /tmp/w.hb}
                      error_rate: {critical_factor: 4}
                      liveness: {}
                """, dir).build();

        assertThat(config.workers()).hasSize(1);
    }
}
