package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.RecoveryScheduler;
import io.github.workerrecovery.api.RecoveryScheduler.Cancellable;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerInstance;
import io.github.workerrecovery.core.internal.plugin.PluginRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one probe round for an instance: every applicable probe in parallel, off the engine
 * thread, each guarded (a throw becomes UNKNOWN) and the round bounded by the probe timeout (a
 * probe that has not answered by then is UNKNOWN). The round's signals are handed back on the
 * engine thread. A failing probe is logged at WARN the first time, at DEBUG after that.
 *
 * <p>A probe that hangs must not take the pool with it: the pool (8 threads in the daemon) also
 * runs every other probe, the actions and the history writes, and a round starts every check
 * interval whether the last one answered or not. So a check still running from an earlier round
 * is not started again for the same instance (the round reports it UNKNOWN at once, "still
 * running"), and a check that outlives its round's timeout is interrupted, which frees its thread
 * for a probe that blocks interruptibly (an HTTP request). A hang that ignores interrupts holds
 * one thread per instance and probe, no more.
 */
final class ProbeRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeRunner.class);

    private final Collection<HealthProbe> probes;
    private final RecoveryScheduler scheduler;
    private final TimeSource time;
    private final Duration timeout;
    private final Consumer<Runnable> post;
    private final UnaryOperator<Runnable> engineTask;
    private final Map<String, Boolean> warned = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();
    /** Checks running now, by instance and probe; engine thread only. */
    private final Map<String, InFlight> inFlight = new HashMap<>();

    /**
     * @param probes every probe
     * @param scheduler the engine's scheduler
     * @param timeout the longest a round waits for a probe
     * @param post runs a task on the engine thread
     * @param engineTask wraps a task scheduled on the engine thread
     */
    ProbeRunner(Collection<HealthProbe> probes, RecoveryScheduler scheduler, Duration timeout,
                Consumer<Runnable> post, UnaryOperator<Runnable> engineTask) {
        this.probes = probes;
        this.scheduler = scheduler;
        this.time = scheduler.time();
        this.timeout = timeout;
        this.post = post;
        this.engineTask = engineTask;
    }

    /** @return probe checks that threw, returned nothing or timed out */
    long failures() {
        return failures.get();
    }

    /**
     * Starts a round. Engine thread only.
     *
     * @param view the instance as it is now
     * @param settingsOf the worker's section for each probe, by probe name
     * @param done receives the signals on the engine thread; an empty list when no probe applies
     */
    void run(WorkerInstance view, Function<String, PluginSettings> settingsOf, Consumer<List<HealthSignal>> done) {
        List<Map.Entry<HealthProbe, ProbeContext>> applicable = new ArrayList<>();
        for (HealthProbe p : probes) {
            ProbeContext ctx = new Ctx(view, settingsOf.apply(p.name()), time);
            try {
                if (p.appliesTo(ctx)) {
                    applicable.add(Map.entry(p, ctx));
                }
            } catch (RuntimeException e) {
                reportFailure(p.name(), "probe '" + p.name() + "' appliesTo threw " + e);
            }
        }
        if (applicable.isEmpty()) {
            done.accept(List.of());
            return;
        }
        Round round = new Round(applicable.size(), done);
        List<Map.Entry<HealthProbe, ProbeContext>> toRun = new ArrayList<>();
        for (Map.Entry<HealthProbe, ProbeContext> e : applicable) {
            InFlight running = inFlight.get(key(view, e.getKey()));
            if (running == null) {
                toRun.add(e);
            } else {
                String name = e.getKey().name();
                String why = "probe '" + name + "' is still running its check of "
                        + io.github.workerrecovery.api.DurationText.format(Duration.ofNanos(time.nanoTime() - running.startedNanos))
                        + " ago; not started again";
                reportFailure(name, why);
                round.signals.add(HealthSignal.unknown(name, why, time.now()));
            }
        }
        if (toRun.isEmpty()) {
            round.close();
            return;
        }
        round.timer = scheduler.schedule(timeout, engineTask.apply(() -> {
            if (round.closed) {
                return;
            }
            for (Map.Entry<HealthProbe, ProbeContext> e : toRun) {
                String name = e.getKey().name();
                if (round.signals.stream().noneMatch(s -> s.probe().equals(name))) {
                    String why = "probe '" + name + "' did not answer within " + io.github.workerrecovery.api.DurationText.format(timeout);
                    reportFailure(name, why);
                    round.signals.add(HealthSignal.unknown(name, why, time.now()));
                    InFlight late = inFlight.get(key(view, e.getKey()));
                    if (late != null) {
                        late.interrupt();
                    }
                }
            }
            round.close();
        }));
        for (Map.Entry<HealthProbe, ProbeContext> e : toRun) {
            HealthProbe probe = e.getKey();
            ProbeContext ctx = e.getValue();
            String key = key(view, probe);
            InFlight flight = new InFlight(time.nanoTime());
            inFlight.put(key, flight);
            scheduler.offload(() -> {
                HealthSignal s;
                flight.begin();
                try {
                    s = guardedCheck(probe, ctx, flight);
                } finally {
                    flight.end();
                }
                HealthSignal signal = s;
                post.accept(() -> {
                    inFlight.remove(key, flight);
                    if (!round.closed) {
                        round.signals.add(signal);
                        if (round.signals.size() == round.expected) {
                            round.close();
                        }
                    }
                });
            });
        }
    }

    private static String key(WorkerInstance view, HealthProbe probe) {
        return view.id() + " " + probe.name();
    }

    /**
     * How long the named probe must watch a recovered instance before its HEALTHY counts
     * ({@link HealthProbe#observationWindow}); zero for an unknown probe or one that throws.
     *
     * @param probe the probe's name
     * @param settings the worker's section for it
     * @return zero or more
     */
    Duration observationWindow(String probe, PluginSettings settings) {
        for (HealthProbe p : probes) {
            if (p.name().equals(probe)) {
                try {
                    Duration d = p.observationWindow(settings);
                    return d == null || d.isNegative() ? Duration.ZERO : d;
                } catch (VirtualMachineError e) {
                    throw e;
                } catch (Throwable t) {
                    LOG.warn("probe '{}' could not say how long to observe; verifying without waiting", probe, t);
                    return Duration.ZERO;
                }
            }
        }
        return Duration.ZERO;
    }

    private HealthSignal guardedCheck(HealthProbe probe, ProbeContext ctx, InFlight flight) {
        try {
            HealthSignal s = probe.check(ctx);
            if (s == null) {
                reportFailure(probe.name(), "probe '" + probe.name() + "' returned no signal");
                return HealthSignal.unknown(probe.name(), "probe returned no signal", time.now());
            }
            return s;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            String why = "probe '" + probe.name() + "' threw " + PluginRegistry.describe(t);
            if (!flight.interrupted()) {
                // an interrupted check was already reported as timed out by its round
                reportFailure(probe.name(), why);
            }
            return HealthSignal.unknown(probe.name(), why, time.now());
        }
    }

    private void reportFailure(String probe, String why) {
        failures.incrementAndGet();
        if (warned.putIfAbsent(probe, Boolean.TRUE) == null) {
            LOG.warn("{} (reported as UNKNOWN; further failures of this probe at DEBUG)", why);
        } else {
            LOG.debug("{}", why);
        }
    }

    /** The signals of one round, collected on the engine thread. */
    private static final class Round {
        final int expected;
        final Consumer<List<HealthSignal>> done;
        final List<HealthSignal> signals = new ArrayList<>();
        Cancellable timer;
        boolean closed;

        Round(int expected, Consumer<List<HealthSignal>> done) {
            this.expected = expected;
            this.done = done;
        }

        void close() {
            closed = true;
            if (timer != null) {
                timer.cancel();
            }
            done.accept(signals);
        }
    }

    /**
     * One check on a pool thread: the thread, while it runs the check, so that a round that gave
     * up on it can interrupt it without ever interrupting the thread's next task.
     */
    private static final class InFlight {
        final long startedNanos;
        private Thread thread;
        private boolean ended;

        InFlight(long startedNanos) {
            this.startedNanos = startedNanos;
        }

        synchronized void begin() {
            thread = Thread.currentThread();
        }

        synchronized void end() {
            thread = null;
            ended = true;
            // an interrupt that arrived as the check returned belongs to this check, not to the next task
            Thread.interrupted();
        }

        private boolean interrupted;

        synchronized void interrupt() {
            if (thread != null && !ended) {
                interrupted = true;
                thread.interrupt();
            }
        }

        synchronized boolean interrupted() {
            return interrupted;
        }
    }

    private record Ctx(WorkerInstance instance, PluginSettings workerSettings, TimeSource time) implements ProbeContext {
    }
}
