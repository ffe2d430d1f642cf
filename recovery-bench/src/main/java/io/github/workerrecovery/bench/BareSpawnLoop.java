package io.github.workerrecovery.bench;

import io.github.workerrecovery.api.DurationText;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The floor: the driver spawns the worker itself with {@link ProcessBuilder} (the JVM's launch
 * mechanism, the same call the library makes) and waits for its first line; then kills it and
 * waits for its exit. No supervisor, no reaction to an exit: spawn cost only.
 */
final class BareSpawnLoop implements CrashLoop {

    private final List<String> command;
    private final ReadyPipe pipe;
    private final Duration timeout;
    private Process current;

    /**
     * @param command the worker's argument list
     * @param pipe where its first line arrives
     * @param timeout longest wait for a line or an exit
     */
    BareSpawnLoop(List<String> command, ReadyPipe pipe, Duration timeout) {
        this.command = List.copyOf(command);
        this.pipe = pipe;
        this.timeout = timeout;
    }

    @Override
    public String label() {
        return "bare fork+exec";
    }

    @Override
    public void start() {
        // nothing runs between rounds: each round spawns its own worker
    }

    @Override
    public long crashOnce() throws Exception {
        pipe.clear();
        ProcessBuilder builder = new ProcessBuilder(command);
        long t0 = System.nanoTime();
        current = builder.start();
        ReadyPipe.Arrival line = pipe.await(timeout);
        long elapsed = line.nanos() - t0;
        if (line.pid() != current.pid()) {
            throw new IllegalStateException("expected a line from pid " + current.pid() + " but got '" + line.line() + "'");
        }
        killCurrent();
        return elapsed;
    }

    private void killCurrent() throws InterruptedException, IOException {
        Process p = current;
        current = null;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("pid " + p.pid() + " still alive " + DurationText.format(timeout) + " after SIGKILL");
        }
        p.getOutputStream().close();
        p.getInputStream().close();
        p.getErrorStream().close();
    }

    @Override
    public void close() throws IOException {
        try {
            killCurrent();
        } catch (InterruptedException e) {
            // the SIGKILL went out before the wait; only the wait was cut short
            Thread.currentThread().interrupt();
        }
    }
}
