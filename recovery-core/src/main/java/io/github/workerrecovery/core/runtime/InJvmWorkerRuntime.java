package io.github.workerrecovery.core.runtime;

import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.core.InJvmWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Runs {@link InJvmWorker}s: each incarnation is a fresh worker from the factory, run on a
 * daemon thread named {@code worker-<id>#<slot>}. The thread's end is the worker's exit.
 *
 * <p>A thread cannot be killed: {@code kill()} interrupts it and waits a short while; a worker
 * that ignores interruption keeps its thread (reported in the result) while the engine starts
 * a replacement.
 */
public final class InJvmWorkerRuntime implements WorkerRuntime {

    private static final Duration KILL_WAIT = Duration.ofSeconds(2);

    private final Supplier<? extends InJvmWorker> factory;
    private final TimeSource time;

    /**
     * @param factory makes a fresh worker for each incarnation
     * @param time the engine's time source
     */
    public InJvmWorkerRuntime(Supplier<? extends InJvmWorker> factory, TimeSource time) {
        this.factory = factory;
        this.time = time;
    }

    @Override
    public RunningWorker start(InstanceId instance) throws WorkerStartException {
        InJvmWorker worker;
        try {
            worker = factory.get();
        } catch (RuntimeException e) {
            throw new WorkerStartException("cannot start worker '" + instance + "': factory threw " + e, e);
        }
        if (worker == null) {
            throw new WorkerStartException("cannot start worker '" + instance + "': factory returned null", null);
        }
        return new Incarnation(instance, worker, time);
    }

    private static final class Incarnation implements RunningWorker {
        private final InJvmWorker worker;
        private final TimeSource time;
        private final Instant startedAt;
        private final Thread thread;
        private final CompletableFuture<WorkerExit> exit = new CompletableFuture<>();

        Incarnation(InstanceId id, InJvmWorker worker, TimeSource time) {
            this.worker = worker;
            this.time = time;
            this.startedAt = time.now();
            this.thread = new Thread(this::body, "worker-" + id);
            this.thread.setDaemon(true);
            this.thread.start();
        }

        private void body() {
            try {
                worker.run();
                exit.complete(new WorkerExit(OptionalInt.empty(), "task returned", List.of()));
            } catch (InterruptedException e) {
                exit.complete(new WorkerExit(OptionalInt.empty(), "task interrupted", List.of()));
            } catch (Throwable t) {
                exit.complete(new WorkerExit(OptionalInt.empty(), "task threw " + t, List.of(String.valueOf(t))));
                if (t instanceof VirtualMachineError vme) {
                    throw vme;
                }
            }
        }

        @Override
        public OptionalLong pid() {
            return OptionalLong.empty();
        }

        @Override
        public Instant startedAt() {
            return startedAt;
        }

        @Override
        public boolean isAlive() {
            return thread.isAlive();
        }

        @Override
        public CompletionStage<WorkerExit> onExit() {
            return exit;
        }

        @Override
        public String stop(Duration grace) {
            try {
                worker.requestStop();
            } catch (RuntimeException e) {
                // a faulty stop callback must not keep us from interrupting
            }
            // the grace runs on the engine's clock, so that a test under a manual clock steps through it
            try {
                if (time.await(exit, grace)) {
                    join(KILL_WAIT); // the exit is recorded just before the thread ends
                    return "task " + thread.getName() + " stopped on request";
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return kill();
        }

        @Override
        public String kill() {
            thread.interrupt();
            return join(KILL_WAIT)
                    ? "task " + thread.getName() + " interrupted"
                    : "task " + thread.getName() + " ignores interruption; its thread is abandoned";
        }

        private boolean join(Duration d) {
            try {
                thread.join(Math.max(1, d.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return !thread.isAlive();
        }

        @Override
        public String signal(ControlSignal signal) throws Exception {
            if (!thread.isAlive()) {
                throw new IllegalStateException("task " + thread.getName() + " is not running");
            }
            worker.onSignal(signal);
            return "delivered " + signal + " to task " + thread.getName();
        }

        @Override
        public List<String> recentErrorLines() {
            return exit.isDone() ? exit.join().stderrTail() : List.of();
        }
    }
}
