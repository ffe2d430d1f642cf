package io.github.workerrecovery.testkit;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.Thresholds;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.api.WorkerInstance;
import io.github.workerrecovery.api.WorkerState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A {@link WorkerInstance} with values a test chooses, for unit tests of probes and actions.
 * Build with {@link #builder(String)}.
 *
 * @param id the instance id
 * @param state the state
 * @param critical whether the worker is critical
 * @param pid the pid
 * @param startedAt when it started
 * @param alive whether it is alive
 * @param lastHeartbeat the last heartbeat
 * @param recentErrorLines recent stderr lines
 * @param queues queues served
 * @param thresholds thresholds in force
 * @param errorsPerMinuteValue the error rate, if counted
 */
public record FakeWorkerInstance(
        InstanceId id,
        WorkerState state,
        boolean critical,
        OptionalLong pid,
        Optional<Instant> startedAt,
        boolean alive,
        Optional<Instant> lastHeartbeat,
        List<String> recentErrorLines,
        List<String> queues,
        Thresholds thresholds,
        OptionalDouble errorsPerMinuteValue) implements WorkerInstance {

    /** Copies the lists. */
    public FakeWorkerInstance {
        recentErrorLines = List.copyOf(recentErrorLines);
        queues = List.copyOf(queues);
    }

    @Override
    public OptionalDouble errorsPerMinute() {
        return errorsPerMinuteValue;
    }

    /**
     * @param worker the worker id
     * @return a builder for instance 0 of that worker: alive, HEALTHY, default thresholds
     */
    public static Builder builder(String worker) {
        return new Builder(new InstanceId(WorkerId.of(worker), 0));
    }

    /** Builds a {@link FakeWorkerInstance}; every value has a sensible default. */
    public static final class Builder {
        private InstanceId id;
        private WorkerState state = WorkerState.HEALTHY;
        private boolean critical;
        private OptionalLong pid = OptionalLong.empty();
        private Optional<Instant> startedAt = Optional.empty();
        private boolean alive = true;
        private Optional<Instant> lastHeartbeat = Optional.empty();
        private List<String> recentErrorLines = List.of();
        private List<String> queues = List.of();
        private Thresholds thresholds = Thresholds.DEFAULTS;
        private OptionalDouble errorsPerMinute = OptionalDouble.empty();

        private Builder(InstanceId id) {
            this.id = id;
        }

        /** @param slot the slot @return this */
        public Builder slot(int slot) {
            this.id = new InstanceId(id.worker(), slot);
            return this;
        }

        /** @param value the state @return this */
        public Builder state(WorkerState value) {
            this.state = value;
            return this;
        }

        /** @param value whether critical @return this */
        public Builder critical(boolean value) {
            this.critical = value;
            return this;
        }

        /** @param value the pid @return this */
        public Builder pid(long value) {
            this.pid = OptionalLong.of(value);
            return this;
        }

        /** @param value start instant @return this */
        public Builder startedAt(Instant value) {
            this.startedAt = Optional.of(value);
            return this;
        }

        /** @param value whether alive @return this */
        public Builder alive(boolean value) {
            this.alive = value;
            return this;
        }

        /** @param value last heartbeat @return this */
        public Builder lastHeartbeat(Instant value) {
            this.lastHeartbeat = Optional.of(value);
            return this;
        }

        /** @param value recent stderr lines @return this */
        public Builder recentErrorLines(List<String> value) {
            this.recentErrorLines = value;
            return this;
        }

        /** @param value queues @return this */
        public Builder queues(List<String> value) {
            this.queues = value;
            return this;
        }

        /** @param value thresholds @return this */
        public Builder thresholds(Thresholds value) {
            this.thresholds = value;
            return this;
        }

        /** @param value error lines per minute @return this */
        public Builder errorsPerMinute(double value) {
            this.errorsPerMinute = OptionalDouble.of(value);
            return this;
        }

        /** @return the instance */
        public FakeWorkerInstance build() {
            return new FakeWorkerInstance(id, state, critical, pid, startedAt, alive, lastHeartbeat,
                    recentErrorLines, queues, thresholds, errorsPerMinute);
        }
    }
}
