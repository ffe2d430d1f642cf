package io.github.workerrecovery.core.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.api.event.AlertRaised;
import io.github.workerrecovery.api.event.FailureDetected;
import io.github.workerrecovery.api.event.OutageEnded;
import io.github.workerrecovery.api.event.OutageOpened;
import io.github.workerrecovery.api.event.RecoveryDecided;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.api.event.RecoveryHeld;
import io.github.workerrecovery.api.event.RecoveryVerdict;
import io.github.workerrecovery.core.CorrelationConfig;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, items 7 and 9, with real processes and real signals: a mass {@code kill -9} is no
 * shared outage, and a dependency that really goes away is exactly one.
 */
class SharedOutageProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path home;

    private WorkerAutoRecovery recovery;

    @AfterEach
    void close() {
        if (recovery != null) {
            recovery.close();
        }
    }

    private RecoveryConfigBuilder config() {
        return RecoveryConfig.builder().home(home).notifiers(List.of())
                .healthCheckInterval(Duration.ofMillis(500))
                .consecutiveChecks(2)
                .verificationInterval(Duration.ofMillis(50))
                .verificationWindow(Duration.ofSeconds(5))
                .restartBackoffBase(Duration.ofMillis(50))
                .restartCooldown(Duration.ofMillis(200))
                .gracefulStopTimeout(Duration.ofMillis(500))
                .correlation(CorrelationConfig.ofDefaults().withCanaryInterval(Duration.ofMillis(500))
                        .withMaxHold(Duration.ofMinutes(5)));
    }

    private void start(RecoveryConfig config) {
        recovery = new WorkerAutoRecovery(config);
        recovery.startMonitoring();
    }

    private <T extends RecoveryEvent> List<T> events(Class<T> type) {
        return recovery.events().after(0).stream().filter(type::isInstance).map(type::cast).toList();
    }

    private List<IncidentAlert> alerts(AlertSeverity severity) {
        return events(AlertRaised.class).stream().map(AlertRaised::alert).filter(a -> a.severity() == severity).toList();
    }

    /** Waits for a condition; on a timeout the failure says what every instance was doing. */
    private void waitFor(String what, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(WAIT).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not " + what + ": " + recovery.getSystemStatus().instances() + "; events "
                    + recovery.events().after(0).stream().map(x -> x.getClass().getSimpleName()).toList(), e);
        }
    }

    private boolean allHealthyWithPid(int n) {
        List<InstanceStatus> all = recovery.getSystemStatus().instances();
        return all.size() == n && all.stream().allMatch(i -> i.state() == WorkerState.HEALTHY && i.pid().isPresent());
    }

    @Test
    void killingTwentyOfFiftyWorkersAtOnceIsNoOutageAndAllTwentyAreReplaced() {
        start(config().worker(WorkerSpec.builder("sleeper").command("/bin/sleep", "100000")
                .minInstances(50).maxInstances(50).build()).build());
        waitFor("all 50 up", () -> allHealthyWithPid(50));
        Set<Long> killed = new HashSet<>();
        for (InstanceStatus i : recovery.getSystemStatus().instances().subList(0, 20)) {
            killed.add(i.pid().getAsLong());
        }

        killed.forEach(pid -> ProcessHandle.of(pid).orElseThrow().destroyForcibly()); // SIGKILL, twenty at once

        waitFor("all 20 replaced", () -> events(RecoveryVerdict.class).size() == 20 && allHealthyWithPid(50));
        assertThat(recovery.getSystemStatus().instances()).allSatisfy(i -> assertThat(killed).doesNotContain(i.pid().getAsLong()));
        // the exit event, or a health round that saw the process gone before the event arrived
        assertThat(events(FailureDetected.class)).allSatisfy(f -> {
            assertThat(f.reason()).isIn("killed by SIGKILL (exit code 137)", "not running");
            assertThat(f.pattern()).as("a kill leaves no error").isEmpty();
        }).extracting(FailureDetected::instance).doesNotHaveDuplicates().hasSize(20);
        assertThat(events(OutageOpened.class)).isEmpty();
        assertThat(events(RecoveryHeld.class)).isEmpty();
        assertThat(events(RecoveryDecided.class)).hasSize(20).allSatisfy(d -> assertThat(d.delay()).isZero());
        assertThat(events(RecoveryVerdict.class)).allSatisfy(v -> assertThat(v.outcome().success()).isTrue());
        assertThat(events(AlertRaised.class)).extracting(a -> a.alert().message()).noneMatch(m -> m.startsWith("Shared outage"));
    }

    @Test
    void workersThatLoseTheirDependencyAreOneOutageWithOneAlertAndOneRelease() throws IOException {
        Path dependency = Files.createFile(home.resolve("order-store-up"));
        String script = ProcessSupervisionTest.script("dependent.sh");
        // a replacement must outlive a whole second to count as healthy: a shell that exits at once
        // may still be starting 50 ms later on a loaded machine, and a false "healthy" ends the outage
        RecoveryConfigBuilder cfg = config().verificationInterval(Duration.ofSeconds(1));
        for (int i = 0; i < 5; i++) {
            cfg.worker(WorkerSpec.builder("orders" + i).command("/bin/sh", script, dependency.toString()).build());
        }
        start(cfg.build());
        waitFor("all 5 up", () -> allHealthyWithPid(5));

        Files.delete(dependency); // every worker says "connection refused" and exits 3

        waitFor("all 5 held", () -> recovery.getSystemStatus().instances().stream().allMatch(i ->
                i.state() == WorkerState.DEAD && i.lastReason().startsWith("held: shared outage pattern ")));
        waitFor("a canary", () -> events(RecoveryDecided.class).stream().anyMatch(RecoveryDecided::canary));
        assertThat(events(OutageOpened.class)).hasSize(1);

        Files.createFile(dependency); // the dependency is back: the next canary stays up

        waitFor("released and all up", () -> events(OutageEnded.class).size() == 1 && allHealthyWithPid(5));
        assertThat(events(OutageOpened.class)).singleElement().satisfies(o -> assertThat(o.affected()).hasSize(3));
        assertThat(events(OutageEnded.class)).singleElement().satisfies(e -> {
            assertThat(e.recovered()).isTrue();
            assertThat(e.released()).as("the four the canary did not need").hasSize(4);
        });
        assertThat(alerts(AlertSeverity.CRITICAL)).singleElement().satisfies(a -> assertThat(a.message())
                .startsWith("Shared outage: 3 instances of group default failed alike within 30 s (pattern ")
                .contains("cannot reach the order store at <*>: connection refused"));
        assertThat(alerts(AlertSeverity.LOW)).singleElement().satisfies(a -> assertThat(a.message())
                .startsWith("Shared outage over after "));
        assertThat(alerts(AlertSeverity.HIGH)).as("the two restarted before the trip").hasSize(2);
        long ended = events(OutageEnded.class).get(0).sequence();
        assertThat(events(RecoveryDecided.class).stream().filter(d -> d.sequence() > ended))
                .as("the release: the other four at once").hasSize(4)
                .allSatisfy(d -> assertThat(d.delay()).isZero()).noneMatch(RecoveryDecided::canary);
    }
}
