package io.github.workerrecovery.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.api.event.AlertRaised;
import io.github.workerrecovery.api.event.OutageEnded;
import io.github.workerrecovery.api.event.OutageOpened;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.core.CorrelationConfig;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host that cannot reach the fleet's database falls back to its local guard: instances the
 * fleet held are handed back one lease after the database went away, and the host's own guard
 * makes its own outage of them (its own alert, canary and release), as a single host does.
 */
@ExtendWith(RealPostgres.class)
class FleetOutageFallbackTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path home;

    private final String schema = RealPostgres.newSchema();
    private WorkerAutoRecovery recovery;

    @AfterEach
    void close() throws Exception {
        if (recovery != null) {
            recovery.close();
        }
        RealPostgres.drop(schema);
    }

    private <T extends RecoveryEvent> List<T> events(Class<T> type) {
        return recovery.events().after(0).stream().filter(type::isInstance).map(type::cast).toList();
    }

    private List<IncidentAlert> alerts(AlertSeverity severity) {
        return events(AlertRaised.class).stream().map(AlertRaised::alert).filter(a -> a.severity() == severity).toList();
    }

    private boolean all(java.util.function.Predicate<InstanceStatus> condition) {
        List<InstanceStatus> all = recovery.getSystemStatus().instances();
        return all.size() == 3 && all.stream().allMatch(condition);
    }

    private void waitFor(String what, Callable<Boolean> condition) {
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not " + what + ": " + recovery.getSystemStatus().instances() + "; events "
                    + recovery.events().after(0).stream().map(x -> x.getClass().getSimpleName()).toList(), e);
        }
    }

    @Test
    void heldByTheFleetThenTheDatabaseGoesAwayAndTheLocalGuardTakesOver() throws Exception {
        Path dependency = Files.createFile(home.resolve("order-store-up"));
        String script;
        try {
            script = Path.of(getClass().getResource("/workers/dependent.sh").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (TcpGate gate = new TcpGate(RealPostgres.port())) {
            Map<String, Object> section = FleetFixture.section(RealPostgres.urlThrough(gate.port()), schema, "host-f");
            Path passwordFile = home.resolve("pg-password");
            Files.writeString(passwordFile, RealPostgres.password() + "\n", StandardCharsets.UTF_8);
            section.put("password_file", passwordFile.toString());
            RecoveryConfigBuilder config = RecoveryConfig.builder().home(home).notifiers(List.of())
                    .store("postgres").plugin("postgres", section)
                    .healthCheckInterval(Duration.ofMillis(500))
                    .consecutiveChecks(2)
                    .verificationInterval(Duration.ofSeconds(1))
                    .verificationWindow(Duration.ofSeconds(5))
                    .restartBackoffBase(Duration.ofMillis(50))
                    .restartCooldown(Duration.ofMillis(200))
                    .gracefulStopTimeout(Duration.ofMillis(500))
                    // canaries far apart: neither guard's canary runs before the test moves on; an outage
                    // of all three (min_fraction's 50 % would open it at two, whichever reports first)
                    .correlation(CorrelationConfig.ofDefaults().withCanaryInterval(Duration.ofSeconds(20))
                            .withMaxHold(Duration.ofMinutes(5)).withMinFraction(1.0));
            for (int i = 0; i < 3; i++) {
                config.worker(WorkerSpec.builder("orders" + i).command("/bin/sh", script, dependency.toString()).build());
            }
            recovery = new WorkerAutoRecovery(config.build());
            recovery.startMonitoring();
            waitFor("all 3 up", () -> all(i -> i.state() == WorkerState.HEALTHY && i.pid().isPresent()));

            Files.delete(dependency);
            waitFor("held by the fleet", () -> all(i -> i.state() == WorkerState.DEAD
                    && i.lastReason().startsWith("held: shared outage pattern ") && i.lastReason().endsWith("(fleet)")));
            assertThat(alerts(AlertSeverity.CRITICAL)).singleElement().satisfies(a -> assertThat(a.message())
                    .startsWith("Fleet shared outage: 3 instances on 1 host of group default"));
            assertThat(events(OutageOpened.class)).isEmpty();

            gate.shut(); // the fleet's database is away

            waitFor("held by the local guard", () -> events(OutageOpened.class).size() == 1
                    && all(i -> i.state() == WorkerState.DEAD && i.lastReason().startsWith("held: shared outage pattern ")
                            && !i.lastReason().endsWith("(fleet)")));
            assertThat(alerts(AlertSeverity.CRITICAL)).hasSize(2).last().satisfies(a -> assertThat(a.message())
                    // the host's own guard, which trips at 2 of the group's 3 instances (min_fraction)
                    .startsWith("Shared outage: ").contains(" instances of group default failed alike within 30 s (pattern ")
                    .doesNotContain("Fleet"));

            Files.createFile(dependency); // back, while the database is still away: the local canary finds out
            waitFor("released locally and all up", () -> events(OutageEnded.class).size() == 1
                    && all(i -> i.state() == WorkerState.HEALTHY && i.pid().isPresent()));
            assertThat(events(OutageEnded.class)).singleElement().satisfies(e -> assertThat(e.recovered()).isTrue());
        }
    }
}
