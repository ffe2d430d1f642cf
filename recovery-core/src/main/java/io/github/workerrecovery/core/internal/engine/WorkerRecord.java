package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.Thresholds;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.runtime.WorkerRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The engine's record of one worker and its instances. Engine thread only. */
final class WorkerRecord {

    final WorkerSpec spec;
    final WorkerRuntime runtime;
    final Thresholds thresholds;
    final Duration gracefulStop;
    final int maxAttempts;
    final List<InstanceRecord> instances = new ArrayList<>();

    WorkerRecord(WorkerSpec spec, WorkerRuntime runtime, Thresholds thresholds, Duration gracefulStop, int maxAttempts) {
        this.spec = spec;
        this.runtime = runtime;
        this.thresholds = thresholds;
        this.gracefulStop = gracefulStop;
        this.maxAttempts = maxAttempts;
    }

    /** @return instances not stopped on purpose */
    List<InstanceRecord> active() {
        return instances.stream().filter(i -> !i.stopping).toList();
    }

    int nextFreeSlot() {
        int slot = 0;
        while (true) {
            final int s = slot;
            if (instances.stream().noneMatch(i -> i.id.slot() == s && !i.stopping)) {
                return slot;
            }
            slot++;
        }
    }
}
