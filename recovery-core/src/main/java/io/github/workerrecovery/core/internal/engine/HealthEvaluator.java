package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.DurationText;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.runtime.RunningWorker;
import io.github.workerrecovery.core.runtime.WorkerExit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluation and hysteresis: the health-check rounds, the exits, and what they mean for an
 * instance's state. A death is a failure at once; WARNING or CRITICAL must hold for
 * {@code consecutive_checks} rounds in a row; a round in which no probe can tell (or one cannot
 * and the rest see no problem) counts towards UNKNOWN, which never triggers a recovery, never
 * counts as healthy, and raises one alert when it persists. Failures go to the {@link Detector}.
 * Each periodic round's metrics also go to the {@link ResourceWatch}: a healthy round in which a
 * metric drifts from the instance's own normal leaves it WARNING (an early warning) without
 * starting a problem streak.
 * Engine thread only.
 */
final class HealthEvaluator implements Incarnations.Watcher {

    /** Stderr lines a death signal carries: enough to hold the start of a long stack trace. */
    static final int SIGNAL_ERROR_LINES = 100;

    /** Where a failure goes: diagnosis, the outage guard and planning. */
    interface Detector {
        void detect(InstanceRecord r, FailureKind failure, HealthSignal trigger);
    }

    private final EngineLoop loop;
    private final EngineSettings settings;
    private final Roster roster;
    private final Lifecycle lifecycle;
    private final Alerts alerts;
    private final ProbeRunner probes;
    private final Incarnations incarnations;
    private final ProbeRunner.Verdicts periodic = (r, signals) -> judgeRound(r, signals, false);
    private final ProbeRunner.Verdicts verification = (r, signals) -> judgeRound(r, signals, true);
    /** Instances STARTING since the last first look, in the order they started. Engine thread. */
    private final Set<InstanceRecord> starting = new LinkedHashSet<>();
    private boolean firstLookDue;
    /** Whether the first periodic round has run. Engine thread. */
    private boolean ticked;
    private Detector detector;
    private Verifier verifier;
    private OutageCoordinator outages;
    private ResourceWatch resources;

    HealthEvaluator(EngineLoop loop, EngineSettings settings, Roster roster, Lifecycle lifecycle, Alerts alerts,
                    ProbeRunner probes, Incarnations incarnations) {
        this.loop = loop;
        this.settings = settings;
        this.roster = roster;
        this.lifecycle = lifecycle;
        this.alerts = alerts;
        this.probes = probes;
        this.incarnations = incarnations;
    }

    void wire(Detector value, Verifier verifierStage, OutageCoordinator outageStage, ResourceWatch resourceStage) {
        this.detector = value;
        this.verifier = verifierStage;
        this.outages = outageStage;
        this.resources = resourceStage;
    }

    /**
     * Starts the periodic rounds. The first comes {@code first_check_after} after the start when
     * that is sooner than {@code health_check_interval}: the instances started with the monitor
     * are judged within a second, and the rounds keep their count (one per interval) from then on.
     */
    void start() {
        loop.schedule(firstLookDelay().orElse(settings.healthCheckInterval()), this::tick);
    }

    /** @return how soon a new incarnation is first probed, when sooner than the periodic round */
    private Optional<Duration> firstLookDelay() {
        Duration v = settings.firstCheckAfter();
        return v.compareTo(settings.healthCheckInterval()) < 0 ? Optional.of(v) : Optional.empty();
    }

    private void tick() {
        if (loop.closing()) {
            return;
        }
        ticked = true;
        List<InstanceRecord> due = new ArrayList<>();
        for (WorkerRecord w : roster.workers()) {
            for (InstanceRecord r : w.instances) {
                if (roundDue(r)) {
                    due.add(r);
                }
            }
        }
        if (!due.isEmpty()) {
            probes.run(due, HealthEvaluator::atRest, periodic);
        }
        loop.schedule(settings.healthCheckInterval(), this::tick);
    }

    private boolean roundDue(InstanceRecord r) {
        return !probing(r) && r.job == null && !r.stopped() && !incarnations.spawning(r) && r.current != null
                && r.state() != WorkerState.FAILED && r.state() != WorkerState.DEAD;
    }

    /**
     * A new incarnation installed after the first periodic round (a start that took longer than
     * that, an adoption, a scale-up, a restart outside a recovery) gets its first round one
     * {@code first_check_after} after it is up, rather than at the next
     * periodic round: with checks every 30 s it would otherwise stay STARTING for up to 30 s. The
     * instances that start within one such interval share one round. Those installed before the
     * first periodic round are in it.
     */
    @Override
    public void starting(InstanceRecord r) {
        Optional<Duration> delay = firstLookDelay();
        if (!ticked || delay.isEmpty()) {
            return; // the next periodic round comes as soon
        }
        starting.add(r);
        if (!firstLookDue) {
            firstLookDue = true;
            loop.schedule(delay.get(), this::firstLook);
        }
    }

    private void firstLook() {
        firstLookDue = false;
        if (loop.closing()) {
            starting.clear();
            return;
        }
        List<InstanceRecord> due = new ArrayList<>();
        for (InstanceRecord r : starting) {
            if (r.state() == WorkerState.STARTING && roundDue(r)) {
                due.add(r);
            }
        }
        starting.clear();
        if (!due.isEmpty()) {
            probes.run(due, HealthEvaluator::atRest, periodic);
        }
    }

    /**
     * Whether a round that finds an instance HEALTHY again changes nothing but its metrics, so
     * that its verdict may wait for the end of the round: HEALTHY with no streak, incident or job.
     */
    private static boolean atRest(InstanceRecord r) {
        return r.state() == WorkerState.HEALTHY && r.problemStreak == 0 && r.unknownStreak == 0
                && r.incident == null && r.job == null;
    }

    /**
     * @param r the instance
     * @return how long the verification of its incident must watch before a healthy round counts:
     *     the window of the probe that raised it (a rate over a window), zero without one
     */
    Duration observationWindow(InstanceRecord r) {
        HealthSignal trigger = r.incident == null ? null : r.incident.trigger;
        return trigger == null ? Duration.ZERO
                : probes.observationWindow(trigger.probe(), r.worker.probeSettings(trigger.probe()));
    }

    /** @return whether a round of this instance is in flight */
    boolean probing(InstanceRecord r) {
        return ProbeRunner.inRound(r);
    }

    /**
     * Runs one round of every applicable probe; the verifier asks for rounds while it verifies.
     *
     * @param r the instance
     * @param verifying whether the round is the verifier's
     */
    void round(InstanceRecord r, boolean verifying) {
        probes.run(List.of(r), i -> false, verifying ? verification : periodic);
    }

    private void judgeRound(InstanceRecord r, List<HealthSignal> signals, boolean verifying) {
        if (signals.isEmpty()) {
            // no probe applies: liveness is all there is to judge
            signals = List.of(r.alive() ? HealthSignal.healthy("runtime", loop.now())
                    : HealthSignal.problem("runtime", HealthStatus.DEAD, FailureKind.PROCESS_EXITED, "not running", loop.now()));
        }
        judge(r, signals, verifying);
    }

    /**
     * @return the metrics with the signals' values put in: the same map when none changed (a
     *     round at rest allocates nothing for it)
     */
    static Map<String, Double> withMetrics(Map<String, Double> current, List<HealthSignal> signals) {
        Map<String, Double> changed = null;
        for (int i = 0; i < signals.size(); i++) {
            Map<String, Double> m = signals.get(i).metrics();
            if (m.isEmpty()) {
                continue;
            }
            for (Map.Entry<String, Double> e : m.entrySet()) {
                if (changed != null) {
                    changed.put(e.getKey(), e.getValue());
                } else if (!e.getValue().equals(current.get(e.getKey()))) {
                    changed = new HashMap<>(current);
                    changed.put(e.getKey(), e.getValue());
                }
            }
        }
        return changed == null ? current : Map.copyOf(changed);
    }

    private void judge(InstanceRecord r, List<HealthSignal> signals, boolean verifying) {
        r.metrics = withMetrics(r.metrics, signals);
        HealthSignal worst = null;
        HealthSignal unknown = null;
        for (int i = 0; i < signals.size(); i++) {
            HealthSignal s = signals.get(i);
            if (s.status() == HealthStatus.UNKNOWN) {
                unknown = unknown == null ? s : unknown;
            } else if (worst == null || s.status().ordinal() > worst.status().ordinal()) {
                worst = s;
            }
        }
        if (verifying) {
            verifier.verdict(r, worst);
            return;
        }
        if (r.job != null || r.stopped() || r.state() == WorkerState.FAILED) {
            return; // someone is already on it
        }
        if (unknown != null && (worst == null || worst.status() == HealthStatus.HEALTHY)) {
            cannotTell(r, unknown, worst == null);
            return;
        }
        r.unknownStreak = 0;
        if (worst == null) {
            return;
        }
        if (worst.status() == HealthStatus.HEALTHY) {
            if (r.incident != null) {
                outages.recovered(r);
            }
            r.problemStreak = 0;
            r.incident = null;
            // a drift from the instance's own normal is an early warning: WARNING, but no streak
            Optional<String> early = resources.round(r, signals, true);
            if (early.isPresent()) {
                lifecycle.move(r, WorkerState.WARNING, early.get());
            } else {
                lifecycle.move(r, WorkerState.HEALTHY);
            }
            return;
        }
        resources.round(r, signals, false);
        lifecycle.move(r, WorkerState.of(worst.status()), worst.reason());
        if (worst.status() == HealthStatus.DEAD) {
            detector.detect(r, worst.failure().orElse(FailureKind.PROCESS_EXITED), worst);
            return;
        }
        r.problemStreak++;
        // a probe's own prediction (a leak's time to the threshold) is acted on only when allowed
        if (r.problemStreak >= settings.consecutiveChecks() && resources.mayDetect(r, worst)) {
            detector.detect(r, worst.failure().orElse(FailureKind.UNKNOWN), worst);
        }
    }

    /**
     * A round in which a probe could not answer and no other saw a problem. Supervision that cannot
     * see must say so: after {@code consecutive_checks} such rounds in a row spanning at least
     * {@code unknown_after} (a broker that reconnects within seconds is not worth an alert) the
     * instance is UNKNOWN, with the probe's reason, and one alert is raised until a round can tell
     * again.
     */
    private void cannotTell(InstanceRecord r, HealthSignal unknown, boolean nothingKnown) {
        if (!nothingKnown) {
            r.problemStreak = 0; // the probes that answered saw no problem
        }
        if (r.unknownStreak++ == 0) {
            r.unknownSince = loop.now();
        }
        String reason = "probe '" + unknown.probe() + "' cannot tell: " + unknown.reason();
        boolean persistent = r.unknownStreak >= settings.consecutiveChecks()
                && !Duration.between(r.unknownSince, loop.now()).minus(settings.unknownAfter()).isNegative();
        if (r.state() == WorkerState.UNKNOWN) {
            lifecycle.note(r, reason);
        } else if (persistent) {
            lifecycle.move(r, WorkerState.UNKNOWN, reason);
            alerts.raise(AlertSeverity.MEDIUM, "Worker " + r.id + " cannot be judged: " + reason + " (for "
                    + DurationText.format(Duration.between(r.unknownSince, loop.now())) + ", " + r.unknownStreak
                    + " checks in a row)", Optional.of(r.id.worker()));
        }
    }

    /**
     * @param exit an incarnation's end
     * @return its reason with its last line of stderr, e.g. {@code "exited with code 3: fatal:
     *     cannot connect"}: the same words whichever stage sees the death first
     */
    static String describe(WorkerExit exit) {
        String last = lastLine(exit.stderrTail());
        // an in-JVM task's reason already names its exception, which is also the last "stderr" line
        return exit.reason().contains(last) ? exit.reason() : exit.reason() + ": " + last;
    }

    @Override
    public void exited(InstanceRecord r, RunningWorker w, WorkerExit exit) {
        if (r.current != w || r.stopped() || loop.closing()) {
            return; // a previous incarnation, or one we stopped on purpose
        }
        String reason = describe(exit);
        HealthSignal signal = HealthSignal.problem("runtime", HealthStatus.DEAD, FailureKind.PROCESS_EXITED, reason, loop.now());
        if (exit.exitCode().isPresent()) {
            signal = signal.withMetrics(Map.of(FailureSignature.EXIT_CODE, (double) exit.exitCode().getAsInt()));
        }
        // a process killed from outside did not die of what it wrote: its output is no error to mine
        if (exit.exitCode().isEmpty() || !FailureSignature.killedFromOutside(exit.exitCode().getAsInt())) {
            signal = signal.withErrors(tail(exit.stderrTail(), SIGNAL_ERROR_LINES));
        }
        RecoveryJob job = r.job;
        if (job != null && job.phase == RecoveryJob.Phase.RUNNING) {
            lifecycle.note(r, reason);
            return; // the action may be replacing it; the verifier judges what runs afterwards
        }
        if (r.state() == WorkerState.FAILED) {
            return; // given up already (its death may have been judged before this event arrived)
        }
        lifecycle.move(r, WorkerState.DEAD, reason);
        if (job != null && job.phase == RecoveryJob.Phase.VERIFYING) {
            verifier.died(job, reason);
            return;
        }
        detector.detect(r, FailureKind.PROCESS_EXITED, signal);
    }

    @Override
    public void startFailed(InstanceRecord r, String reason) {
        lifecycle.move(r, WorkerState.DEAD, reason);
        detector.detect(r, FailureKind.START_FAILED,
                HealthSignal.problem("runtime", HealthStatus.DEAD, FailureKind.START_FAILED, reason, loop.now()));
    }

    private static String lastLine(List<String> tail) {
        return tail.isEmpty() ? "" : tail.get(tail.size() - 1);
    }

    static List<String> tail(List<String> lines, int n) {
        return lines.size() <= n ? lines : lines.subList(lines.size() - n, lines.size());
    }
}
