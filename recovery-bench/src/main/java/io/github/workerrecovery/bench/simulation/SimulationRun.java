package io.github.workerrecovery.bench.simulation;

import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.testkit.InMemoryStrategyStore;
import io.github.workerrecovery.testkit.ManualClock;
import io.github.workerrecovery.testkit.ManualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plays a script against the real engine ({@link WorkerAutoRecovery} with the built-in actions)
 * under one policy, in simulated time: the testkit's manual clock moves one second per step, so
 * 2,000 incidents take seconds of real time. Each event's faults are put into the world; the run
 * then steps until every hit worker is healthy by the world's truth and by the engine's status,
 * and reads what the engine did from its recovery history.
 *
 * <p>Settings, the same for both policies: {@code health_check_interval} 10 s (default 30 s: a
 * shorter detection leaves more of the time to recover to the policy), {@code max_restart_attempts}
 * 20 (default 3: a long outage must not make the engine give up, which would measure the budget,
 * not the policy); every other key at its default (3 consecutive checks, verification window 60 s
 * checked every second, back-off from 1 s doubling to 300 s within a 10-minute window).
 */
public final class SimulationRun {

    /** Workers in the simulated fleet. */
    public static final int WORKERS = 8;
    static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(10);
    static final int MAX_RESTART_ATTEMPTS = 20;
    static final Duration STEP = Duration.ofSeconds(1);
    /** An incident still open after this long is counted as unrecovered and cleared. */
    static final Duration GIVE_UP_AFTER = Duration.ofHours(2);
    /** Real time the manual scheduler waits for offloaded work before calling the run stuck. */
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(30);

    private final Policy policy;
    private final IncidentScript script;
    private final Path home;

    /**
     * @param policy the policy to run
     * @param script the events to play
     * @param home the monitor's home directory (nothing is persisted there: the store is in memory)
     */
    public SimulationRun(Policy policy, IncidentScript script, Path home) {
        this.policy = policy;
        this.script = script;
        this.home = home;
    }

    private static final long LEARNING_SEED = 20261129L;
    /** The seed of the world's draws of whether a fix that works with a probability worked. */
    private static final long LUCK_SEED = 20261206L;

    /** @return what the policy did */
    public PolicyResult run() {
        ManualScheduler manual = new ManualScheduler(new ManualClock(), SETTLE_LIMIT);
        SubmissionOrderScheduler scheduler = new SubmissionOrderScheduler(manual);
        SimulatedWorld world = new SimulatedWorld(manual.clock(), LUCK_SEED);
        RecoveryConfigBuilder config = RecoveryConfig.builder()
                .home(home)
                .scheduler(scheduler)
                .probe(new FaultProbe(world))
                .notifiers(List.of())
                .strategyStore(new InMemoryStrategyStore())
                .healthCheckInterval(HEALTH_CHECK_INTERVAL)
                .maxRestartAttempts(MAX_RESTART_ATTEMPTS)
                // the planner's draws are seeded too, so the same script gives the same table
                .learningSeed(LEARNING_SEED);
        for (String id : script.workers()) {
            config.worker(WorkerSpec.builder(id).inJvm(() -> new SimulatedWorker(id, world)).build());
        }
        Map<FaultType, PolicyResult.FaultStats> stats = new EnumMap<>(FaultType.class);
        int unrecovered = 0;
        RegretCounter regret = new RegretCounter(script.world());
        try (WorkerAutoRecovery recovery = new WorkerAutoRecovery(policy.configure(config).build())) {
            recovery.startMonitoring();
            Player player = new Player(recovery, manual, world);
            player.stepUntilAllHealthy();
            for (IncidentScript.Event event : script.events()) {
                manual.advance(event.quietBefore());
                Map<String, Outcome> outcomes = player.play(event);
                for (Outcome o : outcomes.values()) {
                    stats.merge(event.type(), o.stats(), PolicyResult.FaultStats::plus);
                    unrecovered += o.recovered() ? 0 : 1;
                    regret.add(event.type(), o.attempts());
                }
            }
        } finally {
            world.close();
        }
        return new PolicyResult(policy, stats, world.restartsDuringOutages(), unrecovered, regret.result());
    }

    /** One worker's incident, as measured, with the engine's attempts in order. */
    private record Outcome(PolicyResult.FaultStats stats, boolean recovered, List<RecoveryOutcome> attempts) {
    }

    /** Adds up regret against the {@link RegretOracle}, and how soon the policy followed a deploy. */
    static final class RegretCounter {
        private final World world;
        private int incidents;
        private double regret;
        private double oracle;
        private int changed;
        private int streak;
        private int adaptedAfter = -1;

        RegretCounter(World world) {
            this.world = world;
        }

        /**
         * @param type the fault of the incident
         * @param attempts the policy's actions in it, in order
         */
        void add(FaultType type, List<RecoveryOutcome> attempts) {
            Map<FaultType, Double> belief = RegretOracle.belief(world.sameLines(type));
            incidents++;
            oracle += RegretOracle.value(belief);
            if (type == FaultType.LEAK_AFTER_DEPLOY) {
                boolean right = !attempts.isEmpty() && attempts.get(0).action().equals(RegretOracle.choice(belief));
                streak = right ? streak + 1 : 0;
                if (adaptedAfter < 0 && streak == PolicyResult.Regret.ADAPTED_RUN) {
                    adaptedAfter = changed + 1 - PolicyResult.Regret.ADAPTED_RUN;
                }
                changed++;
            }
            for (RecoveryOutcome o : attempts) {
                regret += RegretOracle.q(belief, o.action()) - RegretOracle.value(belief);
                if (!o.success()) {
                    belief = RegretOracle.afterFailure(belief, o.action());
                }
            }
        }

        PolicyResult.Regret result() {
            return new PolicyResult.Regret(incidents, regret, oracle, changed, adaptedAfter);
        }
    }

    /** Steps simulated time and watches the engine through its public status and history. */
    private static final class Player {
        private final WorkerAutoRecovery recovery;
        private final ManualScheduler manual;
        private final SimulatedWorld world;

        Player(WorkerAutoRecovery recovery, ManualScheduler manual, SimulatedWorld world) {
            this.recovery = recovery;
            this.manual = manual;
            this.world = world;
        }

        void stepUntilAllHealthy() {
            Instant deadline = now().plus(GIVE_UP_AFTER);
            while (!recovery.getSystemStatus().instances().stream().allMatch(i -> i.state() == WorkerState.HEALTHY)) {
                if (now().isAfter(deadline)) {
                    throw new IllegalStateException("simulated workers did not start: " + recovery.getSystemStatus());
                }
                manual.advance(STEP);
            }
        }

        Map<String, Outcome> play(IncidentScript.Event event) {
            Instant start = now();
            Optional<Instant> ends = event.type().outage()
                    ? Optional.of(start.plus(event.outageLength())) : Optional.empty();
            for (int i = 0; i < event.workers().size(); i++) {
                world.inject(event.workers().get(i), new SimulatedWorld.ActiveFault(event.type(), event.errorLines().get(i), ends));
            }
            Map<String, Instant> recoveredAt = new LinkedHashMap<>();
            Map<String, Boolean> recovered = new LinkedHashMap<>();
            while (recovered.size() < event.workers().size()) {
                manual.advance(STEP);
                for (String w : event.workers()) {
                    if (recovered.containsKey(w)) {
                        continue;
                    }
                    WorkerState state = state(w);
                    if (state == WorkerState.HEALTHY && world.fault(w).isEmpty()) {
                        recoveredAt.put(w, now());
                        recovered.put(w, true);
                    } else if (state == WorkerState.FAILED || now().isAfter(start.plus(GIVE_UP_AFTER))) {
                        recoveredAt.put(w, now());
                        recovered.put(w, false);
                        revive(w);
                    }
                }
            }
            Map<String, Outcome> out = new LinkedHashMap<>();
            for (String w : event.workers()) {
                List<RecoveryOutcome> actions = recovery.history(new HistoryQuery(Optional.of(WorkerId.of(w)),
                        Optional.of(start), 1000)).stream().filter(o -> !o.manual()).toList();
                boolean firstWorked = actions.isEmpty() ? recovered.get(w) : actions.get(0).success();
                Duration ttr = Duration.between(start, recoveredAt.get(w));
                out.put(w, new Outcome(new PolicyResult.FaultStats(1, firstWorked ? 1 : 0, actions.size(), ttr),
                        recovered.get(w), actions));
            }
            return out;
        }

        /** After a give-up: the fault goes and a manual restart brings the worker back, so the run goes on. */
        private void revive(String worker) {
            world.clear(worker);
            recovery.manualRecovery(worker, "restart");
            Instant deadline = now().plus(GIVE_UP_AFTER);
            while (state(worker) != WorkerState.HEALTHY) {
                if (now().isAfter(deadline)) {
                    throw new IllegalStateException(worker + " is not healthy after a manual restart");
                }
                manual.advance(STEP);
            }
        }

        private WorkerState state(String worker) {
            InstanceId id = new InstanceId(WorkerId.of(worker), 0);
            return recovery.getSystemStatus().instances().stream().filter(i -> i.id().equals(id))
                    .map(InstanceStatus::state).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no instance " + id + " in the status"));
        }

        private Instant now() {
            return manual.clock().now();
        }
    }
}
