package io.github.workerrecovery.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.LearningMemory;
import io.github.workerrecovery.api.StrategyStore;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.CorrelationConfig;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.store.JsonFileStrategyStore;
import io.github.workerrecovery.testkit.ManualClock;
import io.github.workerrecovery.testkit.TestPluginContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The correlated-failure guard in the engine: a burst of instances failing alike is one outage,
 * with one alert, held recoveries, counted canaries and one end.
 */
class SharedOutageEngineTest {

    private static final String DB_DOWN = "connection refused to db:5432";
    /** What a probe of a worker that lost its broker reports, as {@code error_rate} reports a worker's errors. */
    private static final List<String> BROKER_LOST = List.of("ERROR lost the connection to broker 10.0.0.3:5672");

    @TempDir
    Path home;

    private final EngineFixture fx = new EngineFixture();
    private final ControllableWorker.Pool a = new ControllableWorker.Pool();
    private final ControllableWorker.Pool b = new ControllableWorker.Pool();
    private final ControllableWorker.Pool c = new ControllableWorker.Pool();
    private final Map<String, ControllableWorker.Pool> pools = Map.of("a", a, "b", b, "c", c);

    @AfterEach
    void close() {
        fx.close();
    }

    /**
     * Six workers in the default group, so that three failing (not two: min_fraction is 50 %)
     * make an outage; canaries after 2 s, doubling up to the 8 s restart cooldown.
     */
    private RecoveryConfigBuilder config(CorrelationConfig correlation) {
        return config(fx, correlation);
    }

    private RecoveryConfigBuilder config(EngineFixture on, CorrelationConfig correlation) {
        RecoveryConfigBuilder cfg = on.config(home).correlation(correlation)
                .worker(WorkerSpec.builder("a").inJvm(a).build())
                .worker(WorkerSpec.builder("b").inJvm(b).build())
                .worker(WorkerSpec.builder("c").inJvm(c).build());
        for (String bystander : List.of("d", "e", "f")) {
            cfg.worker(WorkerSpec.builder(bystander).inJvm(new ControllableWorker.Pool()).build());
        }
        return cfg;
    }

    private static CorrelationConfig correlation(Duration maxHold) {
        return CorrelationConfig.ofDefaults().withCanaryInterval(Duration.ofSeconds(2)).withMaxHold(maxHold);
    }

    /** The database goes away: every new incarnation dies of it at once. */
    private void dependencyDown(boolean down) {
        // only incarnations started from now on die of it: wait for the threads of those started before
        fx.settleUntil(() -> pools.values().stream().allMatch(ControllableWorker.Pool::latestPastStart));
        pools.values().forEach(p -> {
            p.startCrashMessage = DB_DOWN;
            p.crashOnStart = down;
        });
    }

    /** Crashes one worker and waits until the engine has judged everything that follows at this instant. */
    private void crash(String id, int startsAfter) {
        ControllableWorker.Pool p = pools.get(id);
        p.crash(DB_DOWN);
        try {
            fx.settleUntil(() -> p.starts() == startsAfter && fx.state(id) == WorkerState.DEAD
                    && fx.scheduler.inFlight() == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("after crashing " + id + ": starts " + p.starts() + ", " + fx.instance(id, 0)
                    + ", in flight " + fx.scheduler.inFlight() + "; alerts " + fx.recovery.recentAlerts().stream()
                    .map(IncidentAlert::message).toList() + "; events " + fx.recovery.events().recent(60), e);
        }
    }

    /** Only a, b and c fail in these tests; d, e and f stay healthy bystanders of the group. */
    private boolean allHeld() {
        return List.of("a", "b", "c").stream().map(id -> fx.instance(id, 0))
                .allMatch(i -> i.state() == WorkerState.DEAD && i.lastReason().startsWith("held: shared outage "));
    }

    /** Moves the clock one second at a time; after each step, waits until every canary has failed again. */
    private void advanceWhileDown(int seconds) {
        for (int i = 0; i < seconds; i++) {
            fx.advance(Duration.ofSeconds(1));
            fx.settleUntil(this::allHeld);
        }
    }

    private int starts() {
        return a.starts() + b.starts() + c.starts();
    }

    private List<IncidentAlert> alertsStartingWith(String prefix) {
        return fx.recovery.recentAlerts().stream().filter(x -> x.message().startsWith(prefix)).toList();
    }

    /** Where the mined patterns are read: the engine's store. */
    private StrategyStore patternStore = fx.store;

    private List<ErrorPattern> patterns() {
        try {
            return patternStore.loadPatterns();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String patternDescription() {
        ErrorPattern p = patterns().get(0);
        return "pattern " + p.id() + ": " + p.describe();
    }

    /** a and b look like two independent crashes and are restarted once each; c's crash trips the guard. */
    private void burst() {
        dependencyDown(true);
        crash("a", 2);
        crash("b", 2);
        crash("c", 1);
        fx.settleUntil(() -> !patterns().isEmpty());
    }

    @Test
    void aBurstRaisesOneAlertAndRestartsNothingButCanariesUntilTheDependencyIsBack() {
        fx.start(config(correlation(Duration.ofMinutes(10))).build());

        burst();

        assertThat(fx.store.loadPatterns()).as("every crash is the same error").hasSize(1);
        assertThat(fx.recovery.recentAlerts()).extracting(IncidentAlert::message).containsExactly(
                "Worker a#0 is dead (PROCESS_EXITED): task threw java.lang.IllegalStateException: " + DB_DOWN,
                "Worker b#0 is dead (PROCESS_EXITED): task threw java.lang.IllegalStateException: " + DB_DOWN,
                "Shared outage: 3 instances of group default failed alike within 30 s (" + patternDescription()
                        + "): a#0, b#0, c#0; their recoveries are held until one is healthy again (at most 10 min)");
        assertThat(fx.recovery.recentAlerts().get(2).severity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(fx.recovery.recentAlerts().get(2).worker()).isEmpty();
        assertThat(starts()).as("first starts + a's and b's restart before the trip").isEqualTo(5);
        assertThat(allHeld()).isTrue();
        assertThat(fx.instance("c", 0).lastReason()).isEqualTo("held: shared outage " + patternDescription());

        // canaries 2 s, 4 s, 8 s, 8 s apart (doubling from canary_interval, capped by restart_cooldown)
        advanceWhileDown(1);
        assertThat(starts()).isEqualTo(5);
        advanceWhileDown(1); // t = 2 s: canary 1 (c, held first)
        assertThat(List.of(a.starts(), b.starts(), c.starts())).containsExactly(2, 2, 2);
        advanceWhileDown(3);
        assertThat(starts()).isEqualTo(6);
        advanceWhileDown(1); // t = 6 s: canary 2 (a)
        assertThat(List.of(a.starts(), b.starts(), c.starts())).containsExactly(3, 2, 2);
        advanceWhileDown(14); // t = 14 s: canary 3 (b); t = 20 s
        assertThat(List.of(a.starts(), b.starts(), c.starts())).containsExactly(3, 3, 2);
        assertThat(fx.recovery.recentAlerts()).as("no alert flood").hasSize(3);
        assertThat(List.of("a", "b", "c")).extracting(fx::state).containsOnly(WorkerState.DEAD);

        dependencyDown(false);
        fx.advance(Duration.ofSeconds(2)); // t = 22 s: canary 4 (c) starts and stays up
        fx.settleUntil(() -> c.starts() == 3 && fx.scheduler.inFlight() == 0);
        fx.advance(Duration.ofSeconds(1)); // t = 23 s: c verified healthy: the outage is over; a and b resume
        fx.settleUntil(() -> alertsStartingWith("Shared outage over").size() == 1);
        assertThat(alertsStartingWith("Shared outage over")).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(AlertSeverity.LOW);
            assertThat(x.message()).isEqualTo("Shared outage over after 23 s: c#0 is healthy again (" + patternDescription()
                    + "); 3 recoveries held back, 4 canary attempts; resuming a#0, b#0");
        });
        // released at once, both: no back-off, no canary at a time (the clock does not move)
        fx.settleUntil(() -> a.starts() == 4 && b.starts() == 4 && fx.scheduler.inFlight() == 0);
        fx.advance(Duration.ofSeconds(1));
        fx.settleUntil(() -> fx.recovery.getSystemStatus().healthyInstances() == 6);
        assertThat(List.of(a.starts(), b.starts(), c.starts())).containsExactly(4, 4, 3);
        assertThat(fx.recovery.recentAlerts()).hasSize(4);
    }

    @Test
    void heldAttemptsAndCanariesDoNotSpendTheAttemptBudget() {
        fx.start(config(correlation(Duration.ofMinutes(10))).build());
        burst();

        advanceWhileDown(60); // canaries at 2, 6, 14, 22, 30, 38, 46, 54 s: three or more per instance

        assertThat(starts()).isEqualTo(5 + 8);
        assertThat(List.of("a", "b", "c")).extracting(fx::state).containsOnly(WorkerState.DEAD);
        assertThat(fx.recovery.recentAlerts()).extracting(IncidentAlert::severity)
                .containsExactly(AlertSeverity.HIGH, AlertSeverity.HIGH, AlertSeverity.CRITICAL);
        assertThat(fx.recovery.getSystemStatus().totalRecoveries()).as("2 before the trip, 8 canaries").isEqualTo(10);
        assertThat(fx.recovery.strategies())
                .as("canaries teach nothing, and the two failed restarts before the trip are taken back: the outage, "
                        + "not restart, is what failed")
                .isEmpty();
        assertThat(fx.store.loadStrategies()).as("and the saved statistics say the same").isEmpty();
    }

    @Test
    void maxHoldLiftsTheHoldOnceAndPerInstanceRecoveryTakesOver() {
        fx.start(config(correlation(Duration.ofSeconds(40))).build());
        burst();

        advanceWhileDown(39); // canaries at 2, 6, 14, 22, 30, 38 s
        assertThat(starts()).isEqualTo(11);
        fx.advance(Duration.ofSeconds(1)); // t = 40 s: max_hold
        fx.settleUntil(() -> alertsStartingWith("Shared outage not over").size() == 1);
        assertThat(alertsStartingWith("Shared outage not over")).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(AlertSeverity.HIGH);
            assertThat(x.message()).isEqualTo("Shared outage not over after 40 s (" + patternDescription()
                    + "): hold lifted; 3 recoveries held back, 6 canary attempts; resuming c#0, a#0, b#0");
        });

        for (int i = 0; i < 60; i++) {
            fx.advance(Duration.ofSeconds(1));
            fx.settleUntil(() -> fx.scheduler.inFlight() == 0 && fx.recovery.getSystemStatus().instances().stream()
                    .noneMatch(s -> s.state() == WorkerState.RECOVERING));
        }

        assertThat(List.of("a", "b", "c")).extracting(fx::state).containsOnly(WorkerState.FAILED);
        assertThat(alertsStartingWith("Shared outage: ")).as("the same outage does not trip again").hasSize(1);
        // the cause in a give-up message depends on when the replacement died: in the action or in verification
        assertThat(alertsStartingWith("Worker ")).extracting(x -> x.message().replaceAll(" \\(.*", "")).containsExactlyInAnyOrder(
                "Worker a#0 is dead", "Worker b#0 is dead", "Worker a failed after 3 restart attempts",
                "Worker b failed after 3 restart attempts", "Worker c failed after 3 restart attempts");
    }

    @Test
    void differentErrorsAtOnceAreIndependentFailures() {
        fx.start(config(correlation(Duration.ofMinutes(10))).build());

        a.crash("connection refused to db:5432");
        b.crash("disk full while writing /var/spool/x");
        c.crash("order 42 not found");
        // three restarts through two slots: the third starts as soon as one of the first two is
        // done (a verification holds no slot)
        fx.settleUntil(() -> starts() == 6 && fx.scheduler.inFlight() == 0);
        fx.advance(Duration.ofSeconds(1));
        fx.settleUntil(() -> Stream.of("a", "b", "c").allMatch(id -> fx.state(id) == WorkerState.HEALTHY));

        assertThat(alertsStartingWith("Shared outage")).isEmpty();
        assertThat(alertsStartingWith("Worker ")).hasSize(3);
        assertThat(fx.recovery.getSystemStatus().successfulRecoveries()).isEqualTo(3);
    }

    @Test
    void aLiveInstanceThatProbesHealthyByItselfEndsTheOutage() {
        // no canary within the test: the end must come from a probe
        fx.start(config(correlation(Duration.ofMinutes(10)).withCanaryInterval(Duration.ofMinutes(5))).build());
        for (String id : List.of("a", "b", "c")) {
            fx.probe.status(id, HealthStatus.CRITICAL, FailureKind.CONNECTION_LOST, BROKER_LOST);
        }

        fx.advance(Duration.ofSeconds(30)); // third critical round: a and b get connection_reset, c trips
        fx.advance(Duration.ofSeconds(30)); // their verification fails: they join the hold; rounds go on
        // the three probes of a round answer in any order: so are the instances named
        assertThat(alertsStartingWith("Shared outage: ")).singleElement().satisfies(x -> assertThat(x.message())
                .matches("Shared outage: 3 instances of group default failed alike within 30 s \\(pattern [0-9a-f]{8}: "
                        + "lost the connection to broker <\\*>:<\\*>\\): "
                        + "[abc]#0, [abc]#0, [abc]#0; their recoveries are held until one is healthy again \\(at most 10 min\\)")
                .contains("a#0").contains("b#0").contains("c#0"));
        int resets = a.signals(ControlSignal.CONNECTION_RESET) + b.signals(ControlSignal.CONNECTION_RESET)
                + c.signals(ControlSignal.CONNECTION_RESET);
        assertThat(resets).isEqualTo(2);
        assertThat(fx.instance("a", 0).lastReason()).isEqualTo("held: shared outage " + patternDescription());

        fx.advance(Duration.ofSeconds(30));
        assertThat(a.signals(ControlSignal.CONNECTION_RESET) + b.signals(ControlSignal.CONNECTION_RESET)
                + c.signals(ControlSignal.CONNECTION_RESET)).as("nothing while held").isEqualTo(2);
        assertThat(starts()).isEqualTo(3);

        for (String id : List.of("a", "b", "c")) {
            fx.probe.status(id, HealthStatus.HEALTHY, null);
        }
        fx.advance(Duration.ofSeconds(10));

        // whichever probe answers first ends it; the other two are left to their next round
        assertThat(alertsStartingWith("Shared outage over")).singleElement().satisfies(x -> assertThat(x.message())
                .matches("Shared outage over after 70 s: [abc]#0 is healthy again \\(pattern [0-9a-f]{8}: "
                        + "lost the connection to broker <\\*>:<\\*>\\); "
                        + "3 recoveries held back, 0 canary attempts; resuming [abc]#0, [abc]#0"));
        assertThat(fx.recovery.getSystemStatus().healthyInstances()).isEqualTo(6);
        assertThat(fx.instance("c", 0).lastReason()).isEqualTo("scripted critical");
        fx.advance(Duration.ofSeconds(30));
        assertThat(starts()).isEqualTo(3);
        assertThat(a.signals(ControlSignal.CONNECTION_RESET) + b.signals(ControlSignal.CONNECTION_RESET)
                + c.signals(ControlSignal.CONNECTION_RESET)).isEqualTo(2);
    }

    @Test
    void liveInstancesAProbeCalledDeadAreRecoveredWhenTheOutageEnds() {
        fx.start(config(correlation(Duration.ofMinutes(10)).withCanaryInterval(Duration.ofMinutes(5))).build());
        for (String id : List.of("a", "b", "c")) {
            // dead to the probe, alive to the runtime
            fx.probe.status(id, HealthStatus.DEAD, FailureKind.UNRESPONSIVE, BROKER_LOST);
        }
        fx.advance(Duration.ofSeconds(10));
        fx.advance(Duration.ofSeconds(10));
        fx.settleUntil(() -> fx.scheduler.inFlight() == 0 && List.of("a", "b", "c").stream()
                .map(id -> fx.instance(id, 0)).allMatch(i -> i.state() == WorkerState.DEAD
                        && i.lastReason().startsWith("held: shared outage ")));
        assertThat(List.of(a, b, c)).allSatisfy(p -> assertThat(p.latest().ended).isFalse());
        for (String id : List.of("a", "b", "c")) {
            fx.probe.status(id, HealthStatus.HEALTHY, null);
        }

        fx.advance(Duration.ofMinutes(5)); // the canary is restarted and verified healthy: the outage is over
        fx.settleUntil(() -> fx.scheduler.inFlight() == 0);
        fx.advance(Duration.ofSeconds(1));
        fx.settleUntil(() -> alertsStartingWith("Shared outage over").size() == 1 && fx.scheduler.inFlight() == 0);
        for (int i = 0; i < 10; i++) {
            fx.advance(Duration.ofSeconds(1));
            fx.settleUntil(() -> fx.scheduler.inFlight() == 0);
        }

        assertThat(List.of("a", "b", "c")).allSatisfy(id -> assertThat(fx.state(id)).as(id).isEqualTo(WorkerState.HEALTHY));
        assertThat(fx.recovery.getSystemStatus().healthyInstances()).isEqualTo(6);
    }

    /** The first outage (see {@link #burst}) ends with the dependency back at t = 2 s; a, b and c end healthy. */
    private void firstOutageOverAndAllHealthy() {
        burst();
        dependencyDown(false);
        fx.advance(Duration.ofSeconds(2)); // canary 1 (c) starts and stays up
        fx.settleUntil(() -> c.starts() == 2 && fx.scheduler.inFlight() == 0);
        fx.advance(Duration.ofSeconds(1)); // c verified: the outage is over, a and b resume
        fx.settleUntil(() -> alertsStartingWith("Shared outage over").size() == 1);
        fx.settleUntil(() -> a.starts() == 3 && b.starts() == 3 && fx.scheduler.inFlight() == 0); // released at once
        fx.advance(Duration.ofSeconds(1));
        fx.settleUntil(() -> List.of("a", "b", "c").stream().allMatch(id -> fx.state(id) == WorkerState.HEALTHY));
    }

    @Test
    void theNextOutageOfAKnownSignatureRestartsNotEvenItsFirstInstances() {
        fx.start(config(correlation(Duration.ofMinutes(10))).build());
        firstOutageOverAndAllHealthy();
        int alertsBefore = fx.recovery.recentAlerts().size();

        dependencyDown(true);
        crash("a", 3);
        crash("b", 3);
        crash("c", 2);

        assertThat(List.of(a.starts(), b.starts(), c.starts())).as("a and b waited; c tripped it").containsExactly(3, 3, 2);
        assertThat(fx.recovery.recentAlerts().subList(alertsBefore, fx.recovery.recentAlerts().size()))
                .extracting(IncidentAlert::message).singleElement().asString()
                .startsWith("Shared outage: 3 instances of group default failed alike within 30 s (" + patternDescription());
        assertThat(allHeld()).isTrue();
    }

    @Test
    void aLoneFailureOfAKnownOutageSignatureWaitsOneWindowThenIsRecovered() {
        fx.start(config(correlation(Duration.ofMinutes(10))).build());
        firstOutageOverAndAllHealthy();

        pools.get("a").crash(DB_DOWN);
        fx.settleUntil(() -> fx.state("a") == WorkerState.DEAD && fx.scheduler.inFlight() == 0);
        assertThat(fx.instance("a", 0).lastReason()).startsWith("waiting until ")
                .endsWith(": " + patternDescription() + " was a shared outage before");
        for (int second = 1; second < 30; second++) {
            fx.advance(Duration.ofSeconds(1));
            fx.settleUntil(() -> fx.scheduler.inFlight() == 0);
        }
        assertThat(a.starts()).as("nothing for 29 s: others may still fail alike").isEqualTo(3);

        // the window is over and nobody followed: recovered as usual, after its attempt's back-off
        for (int second = 0; second < 10 && a.starts() < 4; second++) {
            fx.advance(Duration.ofSeconds(1));
            fx.settleUntil(() -> fx.scheduler.inFlight() == 0);
        }
        assertThat(a.starts()).isEqualTo(4);
        fx.advance(Duration.ofSeconds(1));
        fx.settleUntil(() -> fx.state("a") == WorkerState.HEALTHY);
        assertThat(alertsStartingWith("Shared outage:")).as("still the first outage's alert only").hasSize(1);
        assertThat(alertsStartingWith("Worker a#0 is dead")).hasSize(2);
    }

    @Test
    void theMemoryOfAnOutageSignatureSurvivesARestartOfTheMonitorInTheStrategiesFile() throws Exception {
        JsonFileStrategyStore json = jsonStore();
        patternStore = json;
        fx.start(config(correlation(Duration.ofMinutes(10))).strategyStore(json).build());
        firstOutageOverAndAllHealthy();
        String pattern = patterns().get(0).id();
        fx.close();
        JsonFileStrategyStore reader = jsonStore();
        reader.loadStrategies();
        assertThat(reader.loadLearningMemory().outageSignatures()).extracting(LearningMemory.OutageSignature::signature)
                .containsExactly(pattern);

        // a new monitor on the same home: it loads the signature with the strategies
        try (EngineFixture again = new EngineFixture()) {
            again.start(config(again, correlation(Duration.ofMinutes(10))).strategyStore(jsonStore()).build());
            int startsBefore = a.starts();
            a.crash(DB_DOWN);
            again.settleUntil(() -> again.state("a") == WorkerState.DEAD && again.scheduler.inFlight() == 0);

            assertThat(again.instance("a", 0).lastReason()).startsWith("waiting until ")
                    .endsWith(" was a shared outage before");
            assertThat(a.starts()).as("not restarted into what may be the next outage").isEqualTo(startsBefore);
        }
    }

    private JsonFileStrategyStore jsonStore() throws java.io.IOException {
        return (JsonFileStrategyStore) new JsonFileStrategyStore.Provider()
                .create(TestPluginContext.of(Map.of(), home, new ManualClock()));
    }
}
