package io.github.workerrecovery.core.process;

import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.core.runtime.RunningWorker;
import io.github.workerrecovery.core.runtime.WorkerExit;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * A process found by {@link DiscoveredProcessRuntime}: watched, stopped and signalled like an
 * {@link AdoptedRunningWorker}, but never stopped by the monitor's shutdown, because it ran
 * before the monitor and is not the monitor's to end. Thread-safe.
 */
final class DiscoveredRunningWorker implements RunningWorker {

    private final AdoptedRunningWorker process;

    DiscoveredRunningWorker(AdoptedRunningWorker process) {
        this.process = process;
    }

    @Override
    public OptionalLong pid() {
        return process.pid();
    }

    @Override
    public Instant startedAt() {
        return process.startedAt();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public CompletionStage<WorkerExit> onExit() {
        return process.onExit();
    }

    @Override
    public String stop(Duration grace) {
        return process.stop(grace);
    }

    @Override
    public String kill() {
        return process.kill();
    }

    @Override
    public String signal(ControlSignal signal) throws IOException {
        return process.signal(signal);
    }

    @Override
    public List<String> recentErrorLines() {
        return List.of();
    }

    /** @return false: a discovered process outlives the monitor */
    @Override
    public boolean stoppedOnShutdown() {
        return false;
    }

    @Override
    public String toString() {
        return "discovered process " + process.instance() + " pid " + process.toHandle().pid();
    }
}
