package io.github.workerrecovery.testkit;

import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.WorkerControl;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link WorkerControl} that records what an action asked for, for unit tests of actions.
 * Each call is recorded by name ({@code restart}, {@code graceful_restart}, {@code scale_up},
 * {@code scale_down}, {@code signal:CONNECTION_RESET}...) and succeeds, unless
 * {@link #failWith(Exception)} was called. Thread-safe.
 */
public final class RecordingWorkerControl implements WorkerControl {

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile Exception failure;

    /** @return the calls made so far, in order */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /**
     * Makes every later call throw.
     *
     * @param error what to throw
     * @return this
     */
    public RecordingWorkerControl failWith(Exception error) {
        this.failure = error;
        return this;
    }

    private String record(String call) throws Exception {
        calls.add(call);
        Exception f = failure;
        if (f != null) {
            throw f;
        }
        return call + " done";
    }

    @Override
    public String restart() throws Exception {
        return record("restart");
    }

    @Override
    public String gracefulRestart() throws Exception {
        return record("graceful_restart");
    }

    @Override
    public String scaleUp() throws Exception {
        return record("scale_up");
    }

    @Override
    public String scaleDown() throws Exception {
        return record("scale_down");
    }

    @Override
    public String signal(ControlSignal signal) throws Exception {
        return record("signal:" + signal);
    }
}
