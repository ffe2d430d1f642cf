package io.github.workerrecovery.bench;

import io.github.workerrecovery.api.DurationText;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The library supervising the worker as an OS process, with its real scheduler and threads.
 * Each round reads the instance's pid from {@link WorkerAutoRecovery#getSystemStatus()}, kills
 * it with SIGKILL, and times until the replacement's first line: the exit seen through
 * {@code onExit}, diagnosis, planning, the {@code restart} action, the spawn, and the worker's own
 * start-up. Before the next kill it waits until the engine has verified the replacement (state
 * HEALTHY again), so every round is a crash of a healthy worker, not a crash loop.
 */
final class LibraryCrashLoop implements CrashLoop {

    /** The worker's id in the config. */
    static final String WORKER = "w";

    private final RecoveryConfig config;
    private final ReadyPipe pipe;
    private final Duration timeout;
    private WorkerAutoRecovery recovery;
    private long currentPid;

    /**
     * @param command the worker's argument list
     * @param home the library's home (logs, data)
     * @param verificationInterval how often the engine probes a replacement before calling it healthy
     * @param pipe where the worker's first line arrives
     * @param timeout longest wait for a line or a state
     */
    LibraryCrashLoop(List<String> command, Path home, Duration verificationInterval, ReadyPipe pipe, Duration timeout) {
        this.config = RecoveryConfig.builder()
                .home(home)
                // every attempt immediate and never a give-up: the benchmark measures reaction
                // and spawn, not the back-off a crash loop would rightly get
                .restartBackoffBase(Duration.ZERO)
                .maxRestartAttempts(1_000_000)
                .verificationInterval(verificationInterval)
                .worker(WorkerSpec.builder(WORKER).command(command).build())
                .build();
        this.pipe = pipe;
        this.timeout = timeout;
    }

    /** @return the config in use, for the report */
    RecoveryConfig config() {
        return config;
    }

    @Override
    public String label() {
        return "worker-auto-recovery";
    }

    @Override
    public void start() throws Exception {
        pipe.clear();
        recovery = new WorkerAutoRecovery(config);
        recovery.startMonitoring();
        currentPid = pipe.await(timeout).pid();
        awaitSettled(currentPid);
    }

    @Override
    public long crashOnce() throws Exception {
        long pid = statusPid().orElseThrow(() -> new IllegalStateException("the status shows no pid for " + WORKER));
        if (pid != currentPid) {
            throw new IllegalStateException("the status shows pid " + pid + " but the worker said " + currentPid);
        }
        ProcessHandle victim = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("pid " + pid + " is not running"));
        pipe.clear();
        long t0 = System.nanoTime();
        victim.destroyForcibly();
        ReadyPipe.Arrival line = pipe.await(timeout);
        long elapsed = line.nanos() - t0;
        long replacement = line.pid();
        if (replacement == pid) {
            throw new IllegalStateException("pid " + pid + " wrote again after SIGKILL");
        }
        currentPid = replacement;
        awaitSettled(replacement);
        return elapsed;
    }

    private OptionalLong statusPid() {
        return instance().map(InstanceStatus::pid).orElse(OptionalLong.empty());
    }

    private Optional<InstanceStatus> instance() {
        return recovery.getSystemStatus().instancesOf(WORKER).stream().findFirst();
    }

    /**
     * Waits until the status shows {@code pid} running with no recovery in flight. Polls the
     * status (a volatile read) outside the timed window, so the polling costs the engine nothing.
     */
    private void awaitSettled(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<InstanceStatus> seen = Optional.empty();
        while (System.nanoTime() < deadline) {
            seen = instance();
            if (seen.isPresent() && seen.get().pid().equals(OptionalLong.of(pid))
                    && (seen.get().state() == WorkerState.HEALTHY || seen.get().state() == WorkerState.STARTING)) {
                return;
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("pid " + pid + " not settled within " + DurationText.format(timeout) + "; last status: "
                + seen.map(InstanceStatus::toString).orElse("no instance"));
    }

    @Override
    public void close() {
        if (recovery != null) {
            // on_shutdown: stop (the default) stops the worker's whole process group
            recovery.close();
            recovery = null;
        }
    }
}
