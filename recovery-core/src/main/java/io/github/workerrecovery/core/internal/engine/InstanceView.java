package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.Thresholds;
import io.github.workerrecovery.api.WorkerInstance;
import io.github.workerrecovery.api.WorkerState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** An immutable snapshot of an instance, handed to probes and actions on other threads. */
record InstanceView(
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

    static InstanceView of(InstanceRecord r) {
        var cur = r.current;
        return new InstanceView(r.id, r.state(), r.worker.spec.critical(),
                cur == null ? OptionalLong.empty() : cur.pid(),
                Optional.ofNullable(r.startedAt),
                r.alive(),
                Optional.ofNullable(r.lastHeartbeat),
                cur == null ? List.of() : List.copyOf(cur.recentErrorLines()),
                r.worker.spec.queues(),
                r.worker.thresholds,
                cur == null ? OptionalDouble.empty() : cur.errorsPerMinute());
    }

    @Override
    public OptionalDouble errorsPerMinute() {
        return errorsPerMinuteValue;
    }
}
