package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.runtime.RunningWorker;
import io.github.workerrecovery.core.runtime.WorkerExit;
import io.github.workerrecovery.core.runtime.WorkerStartException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, installs and ends the incarnations (processes or tasks) of instances: every one started
 * or adopted is watched from the moment it exists until it ends, and {@link #stopAll} stops them
 * when the engine closes. Exits and failed starts are handed to the {@link Watcher}.
 */
final class Incarnations {

    private static final Logger LOG = LoggerFactory.getLogger(Incarnations.class);

    /** What the engine does with an incarnation's end and a start that failed. Engine thread. */
    interface Watcher {
        void exited(InstanceRecord r, RunningWorker w, WorkerExit exit);

        void startFailed(InstanceRecord r, String reason);

        /** An incarnation was installed outside a recovery: the instance is STARTING. */
        void starting(InstanceRecord r);
    }

    private final EngineLoop loop;
    private final Lifecycle lifecycle;
    private Watcher watcher;
    /** Every incarnation started or adopted and not yet ended, with its graceful-stop timeout: what close() stops. */
    private final Map<RunningWorker, Duration> live = new ConcurrentHashMap<>();
    /** Instances whose start is in flight (engine thread). */
    private final Set<InstanceRecord> spawning = Collections.newSetFromMap(new IdentityHashMap<>());

    Incarnations(EngineLoop loop, Lifecycle lifecycle) {
        this.loop = loop;
        this.lifecycle = lifecycle;
    }

    void watchWith(Watcher value) {
        this.watcher = value;
    }

    boolean spawning(InstanceRecord r) {
        return spawning.contains(r);
    }

    /**
     * The most starts {@link #spawnAll} runs at once. A start is mostly the kernel's fork and exec,
     * which do not go faster with more threads than cores (measured: 500 starts on 8 threads
     * against 1, README, Performance); with every work thread spawning, the first probe rounds of
     * the instances already up queued behind the rest of the starts and timed out.
     */
    static final int SPAWN_LANES = Math.max(2, Runtime.getRuntime().availableProcessors());

    /**
     * Starts several incarnations off the engine thread, as {@link #spawn(InstanceRecord)} does,
     * at most {@link #SPAWN_LANES} at a time, and closes {@code afterAll} once every start
     * has been tried (on the thread of the last).
     *
     * @param rs the instances to start
     * @param afterAll closed when every start is over, up or not; at once when there is none
     */
    void spawnAll(List<InstanceRecord> rs, AutoCloseable afterAll) {
        if (rs.isEmpty()) {
            closeQuietly(afterAll);
            return;
        }
        spawning.addAll(rs);
        Queue<InstanceRecord> waiting = new ConcurrentLinkedQueue<>(rs);
        int lanes = Math.min(SPAWN_LANES, rs.size());
        AtomicInteger lanesLeft = new AtomicInteger(lanes);
        for (int i = 0; i < lanes; i++) {
            loop.offload(() -> {
                InstanceRecord r;
                while ((r = waiting.poll()) != null) {
                    start(r);
                }
                if (lanesLeft.decrementAndGet() == 0) {
                    closeQuietly(afterAll);
                }
            });
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing after the starts failed", e);
        }
    }

    /** Starts an incarnation off the engine thread and installs it when it is up. */
    void spawn(InstanceRecord r) {
        spawning.add(r);
        loop.offload(() -> start(r));
    }

    /** Starts one incarnation (work thread) and hands the outcome to the engine thread. */
    private void start(InstanceRecord r) {
        try {
            RunningWorker w = r.worker.runtime.start(r.id);
            track(w, r.worker.gracefulStop);
            loop.post(() -> onSpawned(r, w));
        } catch (WorkerStartException e) {
            loop.post(() -> onSpawnFailed(r, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.debug("start of {} threw", r.id, e);
            loop.post(() -> onSpawnFailed(r, "cannot start worker '" + r.id + "': " + e));
        }
    }

    /** Remembers an incarnation started off the engine thread (by an action): close() must stop it. */
    void track(RunningWorker w, Duration grace) {
        live.put(w, grace);
    }

    private void onSpawned(InstanceRecord r, RunningWorker w) {
        spawning.remove(r);
        if (loop.closing() || r.stopped()) {
            loop.offload(w::kill);
            return;
        }
        install(r, w);
    }

    private void onSpawnFailed(InstanceRecord r, String reason) {
        spawning.remove(r);
        r.starts++; // a start tried is a start, up or not: see InstanceRecord.starts
        if (loop.closing() || r.stopped()) {
            return;
        }
        LOG.warn("{}", reason);
        r.current = null;
        watcher.startFailed(r, reason);
    }

    /**
     * Makes an incarnation the instance's current one and watches its exit. Outside a recovery
     * the instance is STARTING again until its first probe round.
     */
    void install(InstanceRecord r, RunningWorker w) {
        r.current = w;
        r.startedAt = w.startedAt();
        r.starts++;
        if (r.job == null) {
            lifecycle.move(r, WorkerState.STARTING, r.lastReason());
            watcher.starting(r);
        }
        w.onExit().whenComplete((exit, error) -> {
            live.remove(w);
            WorkerExit e = exit != null ? exit
                    : new WorkerExit(OptionalInt.empty(), "exit not observable: " + error, List.of());
            loop.post(() -> watcher.exited(r, w, e));
        });
    }

    /**
     * Adopts (or stops, as configured) what a previous monitor left running for this worker.
     *
     * @param w the worker
     * @param policy what to do with it
     */
    void reclaim(WorkerRecord w, RecoveryConfig.OrphanPolicy policy) {
        for (Map.Entry<Integer, RunningWorker> e : w.runtime.reclaim().entrySet()) {
            RunningWorker found = e.getValue();
            InstanceId id = new InstanceId(w.id, e.getKey());
            String pid = found.pid().isPresent() ? "pid " + found.pid().getAsLong() : "task";
            if (policy == RecoveryConfig.OrphanPolicy.ADOPT) {
                InstanceRecord r = new InstanceRecord(id, w);
                w.add(r);
                track(found, w.gracefulStop);
                install(r, found);
                LOG.info("adopted {} ({}) left running by a previous monitor", id, pid);
            } else {
                loop.offload(() -> LOG.info("stopped {} left running by a previous monitor: {}", id,
                        found.stop(w.gracefulStop)));
            }
        }
    }

    /** The most stops run at once at close: each is mostly waiting, but its signals cost processes. */
    static final int MAX_PARALLEL_STOPS = 64;

    /**
     * Stops every incarnation the engine started (SIGTERM, then SIGKILL of the whole tree after the
     * graceful timeout) and waits for them; discovered processes ran before the monitor and outlive
     * it. Those that {@code together} can stop in one wave (the spawned processes: one SIGTERM
     * command for all, one wait, one SIGKILL command) go first; the rest are stopped one each, at
     * most {@value #MAX_PARALLEL_STOPS} at a time on as many threads (one thread per worker made a
     * load of 30 at 1,000 workers). The wait for those is bounded by their waves of stops, each at
     * most the longest grace plus 10 s.
     *
     * @param fallbackGrace the grace when nothing is live
     * @param together stops what it can together and returns the others
     */
    void stopAll(Duration fallbackGrace, Function<Map<RunningWorker, Duration>, List<RunningWorker>> together) {
        Map<RunningWorker, Duration> toStop = new LinkedHashMap<>();
        for (Map.Entry<RunningWorker, Duration> e : List.copyOf(live.entrySet())) {
            if (e.getKey().stoppedOnShutdown()) {
                toStop.put(e.getKey(), e.getValue());
            }
        }
        if (toStop.isEmpty()) {
            return;
        }
        List<RunningWorker> rest;
        try {
            rest = together.apply(toStop);
        } catch (RuntimeException e) {
            LOG.warn("could not stop the workers together; stopping them one by one", e);
            rest = List.copyOf(toStop.keySet());
        }
        awaitExits(toStop.keySet(), rest);
        stopEach(rest, toStop, fallbackGrace);
    }

    /**
     * The exit event completes after the runtime's bookkeeping (state file): close() must not
     * return before it, for those stopped together too.
     */
    private static void awaitExits(Set<RunningWorker> all, List<RunningWorker> rest) {
        Set<RunningWorker> left = Collections.newSetFromMap(new IdentityHashMap<>());
        left.addAll(rest);
        for (RunningWorker w : all) {
            if (!left.contains(w)) {
                try {
                    w.onExit().toCompletableFuture().get(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException | TimeoutException | RuntimeException e) {
                    LOG.warn("could not stop a worker on close", e);
                }
            }
        }
    }

    private void stopEach(List<RunningWorker> rest, Map<RunningWorker, Duration> graces, Duration fallbackGrace) {
        if (rest.isEmpty()) {
            return;
        }
        Duration longest = rest.stream().map(graces::get).max(Duration::compareTo).orElse(fallbackGrace);
        int threads = Math.min(MAX_PARALLEL_STOPS, rest.size());
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "recovery-stop-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (RunningWorker w : rest) {
            Duration grace = graces.get(w);
            pool.execute(() -> stopOne(w, grace));
        }
        pool.shutdown();
        long waves = (rest.size() + threads - 1) / threads;
        try {
            if (!pool.awaitTermination(waves * (longest.toMillis() + 10_000), TimeUnit.MILLISECONDS)) {
                LOG.warn("worker stops still running at the end of close (waited {} ms)",
                        waves * (longest.toMillis() + 10_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stopOne(RunningWorker w, Duration grace) {
        try {
            w.stop(grace);
            // the exit event completes after the runtime's bookkeeping (state file):
            // close() must not return before it
            w.onExit().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("could not stop a worker on close", e);
        }
    }

    /** Forgets every incarnation (after close). */
    void clear() {
        live.clear();
    }
}
