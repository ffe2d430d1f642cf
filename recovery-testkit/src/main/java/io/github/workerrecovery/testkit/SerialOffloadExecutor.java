package io.github.workerrecovery.testkit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An executor that runs its tasks one at a time, in submission order, each as a piece of
 * offloaded work of a {@link ManualScheduler}, which waits for it in {@code runUntilIdle()}.
 * What the engine makes for an event consumer under the manual scheduler. Thread-safe.
 */
final class SerialOffloadExecutor extends AbstractExecutorService {

    private final Consumer<Runnable> offload;
    private final Deque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;
    private boolean shutdown;
    private Thread worker;

    SerialOffloadExecutor(Consumer<Runnable> offload) {
        this.offload = offload;
    }

    @Override
    public void execute(Runnable command) {
        synchronized (this) {
            if (shutdown) {
                throw new RejectedExecutionException("executor is shut down");
            }
            tasks.addLast(command);
            if (running) {
                return;
            }
            running = true;
        }
        offload.accept(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = tasks.pollFirst();
                if (next == null) {
                    running = false;
                    worker = null;
                    notifyAll();
                    return;
                }
                worker = Thread.currentThread();
            }
            try {
                next.run();
            } finally {
                // an interrupt meant for this task must not reach the next one
                Thread.interrupted();
            }
        }
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
        notifyAll();
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> pending = new ArrayList<>(tasks);
        tasks.clear();
        if (worker != null) {
            worker.interrupt();
        }
        notifyAll();
        return pending;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && !running;
    }

    @Override
    public synchronized boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long left = unit.toNanos(timeout);
        long end = System.nanoTime() + left;
        while (!isTerminated()) {
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
            left = end - System.nanoTime();
        }
        return true;
    }
}
