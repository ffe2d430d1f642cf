package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.api.event.AlertRaised;
import io.github.workerrecovery.api.event.OutageEnded;
import io.github.workerrecovery.api.event.OutageOpened;
import io.github.workerrecovery.api.event.RecoveryDecided;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.api.event.RecoveryHeld;
import io.github.workerrecovery.api.event.RecoveryVerdict;
import io.github.workerrecovery.core.CorrelationConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, items 7 and 9, under a manual clock: twenty instances failing at once are one shared
 * outage only when they fail with the same error, and then exactly one (one alert when it opens,
 * one when it ends), however the release goes; twenty bare exits are twenty restarts.
 */
class OneBurstOneOutageTest {

    private static final String DB_DOWN = "connection refused to db:5432";
    private static final int N = 20;

    @TempDir
    Path home;

    private final EngineFixture fx = new EngineFixture();
    private final List<ControllableWorker.Pool> pools = new ArrayList<>();

    @AfterEach
    void close() {
        fx.close();
    }

    /** Twenty workers of the default group; every recovery may run at once; canaries after 2 s. */
    private void start() {
        RecoveryConfigBuilder cfg = fx.config(home).maxConcurrentRecoveries(N)
                .correlation(CorrelationConfig.ofDefaults().withCanaryInterval(Duration.ofSeconds(2)));
        for (int i = 0; i < N; i++) {
            ControllableWorker.Pool p = new ControllableWorker.Pool();
            p.startCrashMessage = DB_DOWN;
            pools.add(p);
            cfg.worker(WorkerSpec.builder(name(i)).inJvm(p).build());
        }
        fx.start(cfg.build());
    }

    private static String name(int i) {
        return String.format("w%02d", i);
    }

    private int starts() {
        return pools.stream().mapToInt(ControllableWorker.Pool::starts).sum();
    }

    private void dependencyDown(boolean down) {
        // only incarnations started from now on die of it: wait for the threads of those started before
        fx.settleUntil(() -> pools.stream().allMatch(ControllableWorker.Pool::latestPastStart));
        pools.forEach(p -> p.crashOnStart = down);
    }

    private boolean all(WorkerState state) {
        return IntStream.range(0, N).allMatch(i -> fx.state(name(i)) == state);
    }

    private <T extends RecoveryEvent> List<T> events(Class<T> type) {
        return fx.recovery.events().recent(10_000).stream().filter(type::isInstance).map(type::cast).toList();
    }

    private List<IncidentAlert> alerts(AlertSeverity severity) {
        return events(AlertRaised.class).stream().map(AlertRaised::alert).filter(a -> a.severity() == severity).toList();
    }

    /** All twenty die of the database at once; the guard trips on the third and holds the rest. */
    private void burst() {
        dependencyDown(true);
        pools.forEach(p -> p.crash(DB_DOWN));
        fx.settleUntil(() -> fx.scheduler.inFlight() == 0 && IntStream.range(0, N).mapToObj(i -> fx.instance(name(i), 0))
                .allMatch(s -> s.state() == WorkerState.DEAD && s.lastReason().startsWith("held: shared outage ")));
    }

    @Test
    void twentyBareExitsAtOnceAreTwentyRestartsAndNoOutage() {
        start();

        pools.forEach(ControllableWorker.Pool::exitQuietly); // no error: what a kill -9 leaves

        fx.settleUntil(() -> starts() == 2 * N && fx.scheduler.inFlight() == 0);
        fx.advance(Duration.ofSeconds(1));
        fx.settleUntil(() -> all(WorkerState.HEALTHY));
        assertThat(events(OutageOpened.class)).isEmpty();
        assertThat(events(RecoveryHeld.class)).isEmpty();
        assertThat(events(RecoveryDecided.class)).hasSize(N).allSatisfy(d -> {
            assertThat(d.delay()).as("a first attempt runs at once").isZero();
            assertThat(d.canary()).isFalse();
        });
        assertThat(events(RecoveryVerdict.class)).hasSize(N).allSatisfy(v -> assertThat(v.outcome().success()).isTrue());
        assertThat(events(AlertRaised.class)).extracting(a -> a.alert().message())
                .hasSize(N).allSatisfy(m -> assertThat(m).matches("Worker w\\d\\d#0 is dead \\(PROCESS_EXITED\\): task returned"));
    }

    @Test
    void twentyInstancesFailingWithOneErrorAreOneOutageWithOneCanaryAndOneRelease() {
        start();

        burst();

        assertThat(starts()).as("twenty first starts, and the two restarted before the trip").isEqualTo(N + 2);
        assertThat(events(OutageOpened.class)).singleElement().satisfies(o -> assertThat(o.affected()).hasSize(3));
        assertThat(events(RecoveryHeld.class)).hasSize(N);

        dependencyDown(false);
        fx.advance(Duration.ofSeconds(2)); // the one canary starts and stays up
        fx.settleUntil(() -> starts() == N + 3 && fx.scheduler.inFlight() == 0);
        fx.advance(Duration.ofSeconds(1)); // verified: the outage is over, and the other 19 go at once
        fx.settleUntil(() -> starts() == 2 * N + 2 && fx.scheduler.inFlight() == 0);
        long ended = events(OutageEnded.class).get(0).sequence();
        assertThat(events(RecoveryDecided.class).stream().filter(d -> d.sequence() > ended))
                .as("every release at once, none a canary").hasSize(N - 1)
                .allSatisfy(d -> assertThat(d.delay()).isZero()).noneMatch(RecoveryDecided::canary);
        fx.advance(Duration.ofSeconds(1));
        fx.settleUntil(() -> all(WorkerState.HEALTHY));

        assertThat(events(OutageOpened.class)).hasSize(1);
        assertThat(events(OutageEnded.class)).singleElement().satisfies(e -> {
            assertThat(e.recovered()).isTrue();
            assertThat(e.released()).hasSize(N - 1);
        });
        assertThat(events(RecoveryDecided.class).stream().filter(RecoveryDecided::canary)).hasSize(1);
        assertThat(alerts(AlertSeverity.CRITICAL)).singleElement().satisfies(a -> assertThat(a.message())
                .startsWith("Shared outage: 3 instances of group default failed alike within 30 s (pattern "));
        assertThat(alerts(AlertSeverity.LOW)).singleElement().satisfies(a -> assertThat(a.message())
                .startsWith("Shared outage over after 3 s: ").contains("20 recoveries held back, 1 canary attempt"));
        assertThat(alerts(AlertSeverity.HIGH)).as("the two restarted before the trip, alerted as single failures")
                .hasSize(2);
        assertThat(alerts(AlertSeverity.MEDIUM)).isEmpty();
    }

    @Test
    void releasedInstancesThatFailAgainDoNotOpenASecondOutage() {
        start();
        burst();

        dependencyDown(false);
        fx.advance(Duration.ofSeconds(2)); // the canary starts and stays up
        fx.settleUntil(() -> starts() == N + 3 && fx.scheduler.inFlight() == 0);
        dependencyDown(true); // the database flickers: the released will die of it once more
        fx.advance(Duration.ofSeconds(1)); // the canary is verified: the outage is over, 19 released, 19 die again
        fx.settleUntil(() -> starts() == 2 * N + 2 && fx.scheduler.inFlight() == 0 && events(OutageEnded.class).size() == 1);
        dependencyDown(false);
        for (int s = 0; s < 20 && !all(WorkerState.HEALTHY); s++) {
            fx.advance(Duration.ofSeconds(1));
            fx.settleUntil(() -> fx.scheduler.inFlight() == 0);
        }

        assertThat(all(WorkerState.HEALTHY)).isTrue();
        assertThat(events(OutageOpened.class)).as("one burst, one outage").hasSize(1);
        assertThat(events(OutageEnded.class)).hasSize(1);
        assertThat(alerts(AlertSeverity.CRITICAL)).hasSize(1);
        assertThat(alerts(AlertSeverity.LOW)).hasSize(1);
        assertThat(starts()).as("each released instance restarted once more, by itself").isEqualTo(3 * N + 1);
    }
}
