package io.github.workerrecovery.spring;

import io.github.workerrecovery.core.WorkerAutoRecovery;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Starts supervision when the application context starts and stops it (with the workers, unless
 * {@code on-shutdown: leave}) when the context closes. Its {@link #PHASE} is below the web server's
 * phases, so workers start before the server takes traffic and stop only after the server has
 * stopped taking it (graceful shutdown included): a request in flight never meets a stopped worker.
 */
public final class WorkerRecoveryLifecycle implements SmartLifecycle {

    /**
     * {@code SmartLifecycle.DEFAULT_PHASE - 4096}: Spring Boot's web server runs its graceful
     * shutdown at {@code DEFAULT_PHASE - 1024} and stops at {@code DEFAULT_PHASE - 2048}; lower
     * phases start earlier and stop later.
     */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final WorkerAutoRecovery recovery;
    private volatile boolean running;

    /** @param recovery the supervisor to run with the context */
    public WorkerRecoveryLifecycle(WorkerAutoRecovery recovery) {
        this.recovery = Objects.requireNonNull(recovery, "recovery");
    }

    @Override
    public void start() {
        recovery.startMonitoring();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        recovery.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
