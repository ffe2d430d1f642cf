package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.DurationText;
import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.RecoveryScheduler.Cancellable;
import io.github.workerrecovery.api.RecoveryScheduler;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.core.ProbeStatistics;
import io.github.workerrecovery.core.internal.plugin.PluginRegistry;
import java.time.Duration;
import java.util.AbstractList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs probe rounds: every applicable probe of every instance in the round, off the engine
 * thread, in parallel, each guarded (a throw becomes UNKNOWN) and the round bounded by the probe
 * timeout (a probe that has not answered by then is UNKNOWN). Each instance's signals are handed
 * back on the engine thread. A failing probe is logged at WARN the first time, at DEBUG after that.
 *
 * <p>A probe that hangs must not take the pool with it: the pool also runs every other probe, the
 * actions and the history writes, and a round starts every check interval whether the last one
 * answered or not. So a check of an instance by a probe that is still running (or still queued)
 * from an earlier round is not started again (the round reports it UNKNOWN at once, "still
 * running"), and a check that outlives its round's timeout is interrupted, which frees its thread
 * for a probe that blocks interruptibly (an HTTP request); one that was not yet started is dropped.
 * A hang that ignores interrupts holds one thread per instance and probe, no more.
 */
final class ProbeRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeRunner.class);

    /**
     * Offloaded tasks that share a round's checks. Each takes the next unanswered check until none
     * is left, so a probe that hangs holds one of them while the others go on; fewer than the
     * work pool's threads (8 by default), so that an action or a store write started during a
     * round still finds a free thread.
     */
    static final int DRAINERS = 4;

    private final Collection<HealthProbe> probes;
    private final RecoveryScheduler scheduler;
    private final TimeSource time;
    private final Duration timeout;
    private final Consumer<Runnable> post;
    private final UnaryOperator<Runnable> engineTask;
    private final Map<String, Boolean> warned = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private final ProbeCounters counters;
    /** The probes in a fixed order: a check's probe is its index here. */
    private final HealthProbe[] ordered;

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
        this.ordered = probes.toArray(new HealthProbe[0]);
        this.scheduler = scheduler;
        this.time = scheduler.time();
        this.timeout = timeout;
        this.post = post;
        this.engineTask = engineTask;
        this.counters = new ProbeCounters(probes);
    }

    /**
     * @param r an instance
     * @return whether a round of it is in flight: a probe has not answered, or its verdict is on
     *     its way to the engine thread
     */
    static boolean inRound(InstanceRecord r) {
        return r.round != null && !r.round.closed && !r.round.waitsForEnd(r.roundSlot);
    }

    /** @return probe checks that threw, returned nothing or timed out */
    long failures() {
        return failures.get();
    }

    /** @return each probe's checks, failures and time spent, by name; any thread */
    List<ProbeStatistics> statistics() {
        return counters.statistics();
    }

    /** Where the verdicts of a round go, on the engine thread. */
    interface Verdicts {
        /**
         * The round of one instance is over: every applicable probe answered, or the round timed
         * out (the probes that had not answered are UNKNOWN).
         *
         * @param r the instance
         * @param signals its signals, empty when no probe applies to it; valid during the call only
         */
        void judge(InstanceRecord r, List<HealthSignal> signals);
    }

    /**
     * Starts a round for some instances: one for the verifier, every instance of the periodic
     * tick. Each instance's own round ends when its last probe answered; its verdict is handed to
     * {@code verdicts} at once when it says something, or when the instance was not at rest when
     * the round began (a first HEALTHY, a recovery, a problem: detection is as fast as with a round
     * of its own). A round in which an instance at rest stays HEALTHY changes nothing but metrics:
     * those verdicts wait for the end of the whole round and come back together in one engine task,
     * so that a quiet round of N instances costs one hand-off instead of N. Engine thread only.
     *
     * @param instances the instances; none may be in a round already
     * @param atRest whether a quiet verdict of an instance may wait for the end of the round
     * @param verdicts receives each instance's verdict, once, unless a later round replaced this one
     */
    void run(List<InstanceRecord> instances, Predicate<InstanceRecord> atRest, Verdicts verdicts) {
        // every check has its place from the start: growing seven arrays by doubling was a steady
        // item of a 10,000-instance round
        Round round = new Round(instances.size(), instances.size() * ordered.length, verdicts);
        int checks = 0;
        for (int i = 0; i < instances.size(); i++) {
            InstanceRecord r = instances.get(i);
            round.firstCheck[i] = checks;
            if (r.checksInFlight == null) {
                r.checksInFlight = new AtomicReferenceArray<>(ordered.length);
                r.probeContexts = new ProbeContexts(ordered.length);
            }
            for (int pi = 0; pi < ordered.length; pi++) {
                HealthProbe p = ordered[pi];
                ProbeContext ctx = r.probeContexts.of(r, pi, p.name(), time);
                try {
                    if (p.appliesTo(ctx)) {
                        InFlightCheck running = r.checksInFlight.get(pi);
                        if (running == null) {
                            round.add(i, p, ctx, r.checksInFlight, pi, null);
                        } else {
                            String why = "probe '" + p.name() + "' is still running its check from "
                                    + DurationText.format(Duration.ofNanos(time.nanoTime() - running.queuedNanos))
                                    + " ago; not started again";
                            reportFailure(p.name(), why);
                            round.add(i, p, ctx, r.checksInFlight, pi, HealthSignal.unknown(p.name(), why, time.now()));
                        }
                        checks++;
                    }
                } catch (RuntimeException e) {
                    reportFailure(p.name(), "probe '" + p.name() + "' appliesTo threw " + e);
                }
            }
            round.remaining.set(i, checks - round.firstCheck[i]);
            round.atRest[i] = atRest.test(r);
            r.round = round;
            r.roundSlot = i;
        }
        round.firstCheck[instances.size()] = checks;
        round.instances = instances;
        round.start();
        // an instance no probe applies to is judged now, as before any offloading
        for (int i = 0; i < instances.size(); i++) {
            if (round.firstCheck[i] == round.firstCheck[i + 1]) {
                round.deliver(i, List.of());
            }
        }
        if (checks == 0) {
            round.closed = true;
        }
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

    private HealthSignal guardedCheck(HealthProbe probe, ProbeContext ctx, InFlightCheck flight) {
        long start = time.nanoTime();
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
        } finally {
            counters.checked(probe.name(), time.nanoTime() - start);
        }
    }

    private void reportFailure(String probe, String why) {
        failures.incrementAndGet();
        counters.failed(probe);
        if (warned.putIfAbsent(probe, Boolean.TRUE) == null) {
            LOG.warn("{} (reported as UNKNOWN; further failures of this probe at DEBUG)", why);
        } else {
            LOG.debug("{}", why);
        }
    }

    /**
     * One round: its probe checks in flat arrays, taken by at most {@link #DRAINERS} offloaded
     * drainers (one hand-off each, not one per check), their answers in a shared array. The
     * engine-thread fields are touched only there; the drainers touch only the check arrays
     * (read-only once started), the answers and the counters.
     */
    final class Round {
        private final Verdicts verdicts;
        /** Index of each instance's first check; one more entry marks the end. */
        final int[] firstCheck;
        /** Unanswered checks per instance. */
        final AtomicIntegerArray remaining;
        /** Whether each instance was at rest when the round began (engine thread). */
        final boolean[] atRest;
        /** Whether each instance's verdict was handed over (engine thread). */
        final boolean[] delivered;
        List<InstanceRecord> instances;
        private final HealthProbe[] probeOf;
        private final ProbeContext[] contextOf;
        private final int[] instanceOf;
        /** Where each check's instance keeps its checks in flight, by probe index; and that index. */
        private final AtomicReferenceArray<InFlightCheck>[] slotsOf;
        private final int[] probeIndexOf;
        /** The answer of a check not started because the same one is still running; null for the others. */
        private final HealthSignal[] preAnswerOf;
        private final InFlightCheck[] flightOf;
        private int checks;
        private AtomicReferenceArray<HealthSignal> answers;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger unanswered = new AtomicInteger();
        private Cancellable timer;
        /** Whether the round is over: every verdict handed over (engine thread). */
        boolean closed;
        private final Slice slice = new Slice();

        /**
         * @param size how many instances
         * @param maxChecks the most checks they can have: every probe of every instance
         * @param verdicts where the verdicts go
         */
        Round(int size, int maxChecks, Verdicts verdicts) {
            this.verdicts = verdicts;
            this.firstCheck = new int[size + 1];
            this.remaining = new AtomicIntegerArray(size);
            this.atRest = new boolean[size];
            this.delivered = new boolean[size];
            this.probeOf = new HealthProbe[maxChecks];
            this.contextOf = new ProbeContext[maxChecks];
            this.instanceOf = new int[maxChecks];
            this.slotsOf = newSlots(maxChecks);
            this.probeIndexOf = new int[maxChecks];
            this.preAnswerOf = new HealthSignal[maxChecks];
            this.flightOf = new InFlightCheck[maxChecks];
        }

        void add(int instance, HealthProbe probe, ProbeContext ctx, AtomicReferenceArray<InFlightCheck> slots,
                 int probeIndex, HealthSignal preAnswer) {
            probeOf[checks] = probe;
            contextOf[checks] = ctx;
            instanceOf[checks] = instance;
            slotsOf[checks] = slots;
            probeIndexOf[checks] = probeIndex;
            preAnswerOf[checks] = preAnswer;
            checks++;
        }

        /** Hands the checks to the drainers and arms the round's one timeout. Engine thread. */
        void start() {
            if (checks == 0) {
                return;
            }
            answers = new AtomicReferenceArray<>(checks);
            unanswered.set(checks);
            long now = time.nanoTime();
            for (int k = 0; k < checks; k++) {
                if (preAnswerOf[k] != null) {
                    answers.set(k, preAnswerOf[k]);
                    remaining.decrementAndGet(instanceOf[k]);
                    unanswered.decrementAndGet();
                } else {
                    flightOf[k] = new InFlightCheck(now);
                    slotsOf[k].set(probeIndexOf[k], flightOf[k]);
                }
            }
            timer = scheduler.schedule(timeout, engineTask.apply(this::timedOut));
            if (unanswered.get() == 0) {
                post.accept(this::finish);
                return;
            }
            for (int i = 0; i < remaining.length(); i++) {
                if (remaining.get(i) == 0 && firstCheck[i] < firstCheck[i + 1]) {
                    int instance = i;
                    post.accept(() -> deliverAnswered(instance)); // every check of it still running
                }
            }
            for (int d = Math.min(unanswered.get(), DRAINERS); d > 0; d--) {
                scheduler.offload(this::drain);
            }
        }

        /** Takes checks until none is left. Off the engine thread. */
        private void drain() {
            int k;
            while ((k = next.getAndIncrement()) < checks) {
                InFlightCheck flight = flightOf[k];
                if (flight == null) {
                    continue; // answered at start: the same check is still running
                }
                if (!flight.begin()) {
                    continue; // given up by the round's timeout before it began
                }
                HealthSignal answer;
                try {
                    answer = guardedCheck(probeOf[k], contextOf[k], flight);
                } finally {
                    flight.end();
                    slotsOf[k].compareAndSet(probeIndexOf[k], flight, null);
                }
                answers.set(k, answer);
                int i = instanceOf[k];
                boolean instanceDone = remaining.decrementAndGet(i) == 0;
                boolean roundDone = unanswered.decrementAndGet() == 0;
                if (roundDone) {
                    post.accept(this::finish);
                } else if (instanceDone && !quiet(i)) {
                    post.accept(() -> deliverAnswered(i));
                }
            }
        }

        /**
         * @return whether the verdict of a complete instance may wait for the end of the round:
         *     it was at rest and every probe found it HEALTHY
         */
        private boolean quiet(int i) {
            if (!atRest[i]) {
                return false;
            }
            for (int k = firstCheck[i]; k < firstCheck[i + 1]; k++) {
                if (answers.get(k).status() != HealthStatus.HEALTHY) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Whether the instance's checks are all answered and found it quiet, so that only the
         * end of the round, which changes nothing for it, is still to come. Engine thread.
         */
        boolean waitsForEnd(int i) {
            return !delivered[i] && remaining.get(i) == 0 && quiet(i);
        }

        /** Every check answered: the verdicts not yet handed over, in one task. Engine thread. */
        private void finish() {
            if (closed) {
                return;
            }
            for (int i = 0; i < delivered.length; i++) {
                if (!delivered[i]) {
                    deliverAnswered(i);
                }
            }
            close();
        }

        /** The probe timeout passed: what has not answered is UNKNOWN. Engine thread. */
        private void timedOut() {
            if (closed) {
                return;
            }
            for (int k = 0; k < checks; k++) {
                if (answers.get(k) == null) {
                    String name = probeOf[k].name();
                    String why = "probe '" + name + "' did not answer within " + DurationText.format(timeout);
                    reportFailure(name, why);
                    // a late answer loses against this one
                    answers.compareAndSet(k, null, HealthSignal.unknown(name, why, time.now()));
                    InFlightCheck flight = flightOf[k];
                    if (flight != null && flight.giveUp()) {
                        slotsOf[k].compareAndSet(probeIndexOf[k], flight, null); // never began: nothing runs it now
                    }
                }
            }
            for (int i = 0; i < delivered.length; i++) {
                if (!delivered[i]) {
                    deliverAnswered(i);
                }
            }
            close();
        }

        private void close() {
            closed = true;
            timer.cancel();
            instances = List.of();
        }

        /** Hands one instance's answers over. Engine thread. */
        private void deliverAnswered(int i) {
            if (delivered[i]) {
                return;
            }
            slice.of(firstCheck[i], firstCheck[i + 1]);
            deliver(i, slice);
        }

        /** Hands one instance's verdict over, unless a later round took its place. Engine thread. */
        void deliver(int i, List<HealthSignal> signals) {
            delivered[i] = true;
            InstanceRecord r = instances.get(i);
            if (r.round != this) {
                return; // a newer round (the verifier's) owns the instance now
            }
            r.round = null;
            verdicts.judge(r, signals);
        }

        /** The answers of one instance as a list, reused: a verdict must not keep it. */
        private final class Slice extends AbstractList<HealthSignal> implements RandomAccess {
            private int from;
            private int to;

            void of(int start, int end) {
                this.from = start;
                this.to = end;
            }

            @Override
            public HealthSignal get(int index) {
                Objects.checkIndex(index, to - from);
                return answers.get(from + index);
            }

            @Override
            public int size() {
                return to - from;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static AtomicReferenceArray<InFlightCheck>[] newSlots(int n) {
        return (AtomicReferenceArray<InFlightCheck>[]) new AtomicReferenceArray<?>[n];
    }
}
