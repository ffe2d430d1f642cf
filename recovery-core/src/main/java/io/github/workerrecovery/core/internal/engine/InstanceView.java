package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.Thresholds;
import io.github.workerrecovery.api.WorkerInstance;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.runtime.RunningWorker;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * An immutable snapshot of an instance, handed to probes and actions on other threads. The
 * engine's fields are copied when it is made; the output the runtime keeps (the recent error
 * lines, the error rate) is read when a probe asks for it, on the probe's thread (the runtime's
 * tail is thread-safe): a health round makes one small object per instance, and only the probes
 * that look at the output pay for a copy of it.
 */
final class InstanceView implements WorkerInstance {

    private final InstanceId id;
    private final WorkerState state;
    private final boolean critical;
    private final RunningWorker current;
    private final Instant startedAt;
    private final boolean alive;
    private final Instant lastHeartbeat;
    private final List<String> queues;
    private final Thresholds thresholds;
    private final Instant errorsCountAfter;

    private InstanceView(InstanceRecord r) {
        this.id = r.id;
        this.state = r.state();
        this.critical = r.worker.spec.critical();
        this.current = r.current;
        this.startedAt = r.startedAt;
        this.alive = r.alive();
        this.lastHeartbeat = r.lastHeartbeat;
        this.queues = r.worker.spec.queues();
        this.thresholds = r.worker.thresholds;
        this.errorsCountAfter = r.errorsCountAfter;
    }

    static InstanceView of(InstanceRecord r) {
        return new InstanceView(r);
    }

    /**
     * @param r the instance this view was made of
     * @return whether a view made of it now would hold the same values (the worker's part never
     *     changes); engine thread
     */
    boolean shows(InstanceRecord r) {
        return state == r.state() && current == r.current && startedAt == r.startedAt && alive == r.alive()
                && lastHeartbeat == r.lastHeartbeat && errorsCountAfter == r.errorsCountAfter;
    }

    @Override
    public InstanceId id() {
        return id;
    }

    @Override
    public WorkerState state() {
        return state;
    }

    @Override
    public boolean critical() {
        return critical;
    }

    @Override
    public OptionalLong pid() {
        return current == null ? OptionalLong.empty() : current.pid();
    }

    @Override
    public Optional<Instant> startedAt() {
        return Optional.ofNullable(startedAt);
    }

    @Override
    public boolean alive() {
        return alive;
    }

    @Override
    public Optional<Instant> lastHeartbeat() {
        return Optional.ofNullable(lastHeartbeat);
    }

    @Override
    public List<String> recentErrorLines() {
        return current == null ? List.of() : List.copyOf(current.recentErrorLines());
    }

    @Override
    public List<String> queues() {
        return queues;
    }

    @Override
    public Thresholds thresholds() {
        return thresholds;
    }

    /**
     * The runtime's rate, counting only errors written after the instance's last recovery action
     * ended: the errors that made it necessary would otherwise judge it for a minute.
     */
    @Override
    public OptionalDouble errorsPerMinute() {
        if (current == null) {
            return OptionalDouble.empty();
        }
        return errorsCountAfter == null ? current.errorsPerMinute() : current.errorsPerMinuteSince(errorsCountAfter);
    }

    @Override
    public String toString() {
        return "InstanceView[" + id + " " + state + (alive ? ", alive" : "") + "]";
    }
}
