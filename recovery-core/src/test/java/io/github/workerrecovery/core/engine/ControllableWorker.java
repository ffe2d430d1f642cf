package io.github.workerrecovery.core.engine;

import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.core.InJvmWorker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An in-JVM worker a test can crash: it runs until {@link Pool#crash()} or a stop request.
 * A pool tracks the incarnations of one worker id.
 */
final class ControllableWorker implements InJvmWorker {

    /** The incarnations of one worker. */
    static final class Pool implements Supplier<InJvmWorker> {
        final List<ControllableWorker> started = new CopyOnWriteArrayList<>();
        final Map<ControlSignal, AtomicInteger> signals = new ConcurrentHashMap<>();
        volatile boolean crashOnStart;
        /** What an incarnation that crashes on start throws. */
        volatile String startCrashMessage = "boom at start";

        @Override
        public InJvmWorker get() {
            ControllableWorker w = new ControllableWorker(this);
            started.add(w);
            return w;
        }

        int starts() {
            return started.size();
        }

        /**
         * @return whether the latest incarnation's thread has run past its start (or ended): the
         *     engine installs an in-JVM incarnation before its thread runs, and on a busy machine
         *     a {@code crashOnStart} set right after the start would reach it
         */
        boolean latestPastStart() {
            return started.isEmpty() || latest().pastStart || latest().ended;
        }

        ControllableWorker latest() {
            return started.get(started.size() - 1);
        }

        /** Makes the latest incarnation exit with an exception. */
        void crash() {
            latest().crash.countDown();
        }

        /** Makes the latest incarnation exit with an exception with this message. */
        void crash(String message) {
            latest().crashMessage = message;
            latest().crash.countDown();
        }

        /** Makes the latest incarnation end without an error, as a process killed by a signal leaves none. */
        void exitQuietly() {
            latest().quiet = true;
            latest().crash.countDown();
        }

        int signals(ControlSignal s) {
            AtomicInteger n = signals.get(s);
            return n == null ? 0 : n.get();
        }
    }

    private final Pool pool;
    final CountDownLatch crash = new CountDownLatch(1);
    private final CountDownLatch stop = new CountDownLatch(1);
    volatile boolean ended;
    /** Past its start: a later {@code crashOnStart} no longer reaches it. */
    volatile boolean pastStart;
    volatile String crashMessage = "boom";
    volatile boolean quiet;

    private ControllableWorker(Pool pool) {
        this.pool = pool;
    }

    @Override
    public void run() throws Exception {
        try {
            if (pool.crashOnStart) {
                throw new IllegalStateException(pool.startCrashMessage);
            }
            pastStart = true;
            while (stop.getCount() > 0) {
                if (crash.await(5, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    if (quiet) {
                        return;
                    }
                    throw new IllegalStateException(crashMessage);
                }
            }
        } finally {
            ended = true;
        }
    }

    @Override
    public void requestStop() {
        stop.countDown();
    }

    @Override
    public void onSignal(ControlSignal signal) {
        pool.signals.computeIfAbsent(signal, k -> new AtomicInteger()).incrementAndGet();
    }
}
