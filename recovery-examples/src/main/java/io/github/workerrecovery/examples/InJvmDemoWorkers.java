package io.github.workerrecovery.examples;

import io.github.workerrecovery.core.InJvmWorker;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The demo's workers as in-JVM threads. {@code flaky} lives a random 2-5 s and then throws; the
 * random lifetimes come from a seeded generator, so two runs with the same seed crash in the same
 * rhythm. {@code stuck} heart-beats every 500 ms for 5 s, then keeps looping without a sound, so
 * only the heartbeat probe can tell; every fresh incarnation heart-beats again. {@code steady}
 * just runs. All three return promptly when asked to stop, so the library's graceful restart and
 * its shutdown are quick.
 *
 * <p>Thread-safe: the library calls the factories from its own threads.
 */
public final class InJvmDemoWorkers implements DemoWorkers {

    /** How long each {@code stuck} incarnation heart-beats before it goes silent. */
    public static final Duration STUCK_BEATS_FOR = Duration.ofSeconds(5);
    /** How often {@code stuck} heart-beats while it still does. */
    public static final Duration HEARTBEAT_EVERY = Duration.ofMillis(500);

    private static final int MIN_LIFETIME_MS = 2_000;
    private static final int MAX_LIFETIME_MS = 5_000;

    private final Random lifetimes;
    private final AtomicReference<WorkerAutoRecovery> recovery = new AtomicReference<>();

    /**
     * @param seed seeds the lifetimes of {@code flaky}'s incarnations
     */
    public InJvmDemoWorkers(long seed) {
        this.lifetimes = new Random(seed);
    }

    @Override
    public List<WorkerSpec> specs() {
        return List.of(
                WorkerSpec.builder(FLAKY).inJvm(() -> new FlakyWorker(nextLifetime())).build(),
                WorkerSpec.builder(STUCK).inJvm(() -> new StuckWorker(this::heartbeat))
                        // in-JVM heartbeats need the probe switched on explicitly: there is no file to name
                        .probe("heartbeat", Map.of("enabled", true))
                        .build(),
                WorkerSpec.builder(STEADY).inJvm(SteadyWorker::new).build());
    }

    @Override
    public void attach(WorkerAutoRecovery library) {
        recovery.set(library);
    }

    /** @return the lifetime of the next {@code flaky} incarnation, in the seeded sequence */
    Duration nextLifetime() {
        return Duration.ofMillis(MIN_LIFETIME_MS + lifetimes.nextInt(MAX_LIFETIME_MS - MIN_LIFETIME_MS + 1));
    }

    private void heartbeat() {
        WorkerAutoRecovery r = recovery.get();
        if (r == null) {
            return;
        }
        try {
            r.heartbeat(STUCK);
        } catch (RuntimeException e) {
            // the library is shutting down under us; a missed heartbeat then means nothing
        }
    }

    /** Runs until asked to stop; {@link #pause} is how subclasses wait without ignoring a stop. */
    private abstract static class StoppableWorker implements InJvmWorker {
        private final CountDownLatch stop = new CountDownLatch(1);

        @Override
        public void requestStop() {
            stop.countDown();
        }

        /** @return true when a stop was requested during the pause */
        boolean pause(Duration d) throws InterruptedException {
            return stop.await(d.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Crashes after its lifetime unless stopped first. */
    private static final class FlakyWorker extends StoppableWorker {
        private final Duration lifetime;

        FlakyWorker(Duration lifetime) {
            this.lifetime = lifetime;
        }

        @Override
        public void run() throws InterruptedException {
            if (pause(lifetime)) {
                return;
            }
            throw new IllegalStateException("simulated crash after " + lifetime.toMillis() + " ms");
        }
    }

    /** Heart-beats for a while, then loops on in silence: alive, but no longer doing its job. */
    private static final class StuckWorker extends StoppableWorker {
        private final Runnable heartbeat;

        StuckWorker(Runnable heartbeat) {
            this.heartbeat = heartbeat;
        }

        @Override
        public void run() throws InterruptedException {
            long beats = STUCK_BEATS_FOR.toMillis() / HEARTBEAT_EVERY.toMillis();
            for (long i = 0; i < beats; i++) {
                heartbeat.run();
                if (pause(HEARTBEAT_EVERY)) {
                    return;
                }
            }
            // the silent phase: still running (liveness stays green), never heart-beating again
            boolean stopped = false;
            while (!stopped) {
                stopped = pause(HEARTBEAT_EVERY);
            }
        }
    }

    /** Does nothing, healthily. */
    private static final class SteadyWorker extends StoppableWorker {
        @Override
        public void run() throws InterruptedException {
            boolean stopped = false;
            while (!stopped) {
                stopped = pause(Duration.ofSeconds(1));
            }
        }
    }
}
