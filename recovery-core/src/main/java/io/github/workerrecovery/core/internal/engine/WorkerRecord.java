package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.Thresholds;
import io.github.workerrecovery.api.WorkerFleet;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.runtime.WorkerRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The engine's record of one worker and its instances. Engine thread only. */
final class WorkerRecord {

    final WorkerSpec spec;
    /** The spec's id, validated once: {@link WorkerSpec#id()} builds (and validates) a new one per call. */
    final WorkerId id;
    final WorkerRuntime runtime;
    final Thresholds thresholds;
    final Duration gracefulStop;
    final int maxAttempts;
    /** Its instances, stopped ones included; changed only through {@link #add} and {@link #remove}. */
    final List<InstanceRecord> instances = new ArrayList<>();
    /** Each probe's settings for this worker, looked up once: the spec makes a new empty one per call. */
    private final Map<String, PluginSettings> probeSettings = new HashMap<>();
    /** The view plug-ins last saw of this worker ({@link FleetOperations}). */
    WorkerFleet.WorkerView fleetView;
    /** The roster it belongs to, told of every change to its counts; null until it joins one. */
    private Roster roster;

    WorkerRecord(WorkerSpec spec, WorkerRuntime runtime, Thresholds thresholds, Duration gracefulStop, int maxAttempts) {
        this.spec = spec;
        this.id = spec.id();
        this.runtime = runtime;
        this.thresholds = thresholds;
        this.gracefulStop = gracefulStop;
        this.maxAttempts = maxAttempts;
    }

    void joined(Roster value) {
        this.roster = value;
    }

    /** @param r a new instance of this worker */
    void add(InstanceRecord r) {
        instances.add(r);
        countsChanged();
    }

    /** @param r an instance of this worker that is gone */
    void remove(InstanceRecord r) {
        if (instances.remove(r)) {
            countsChanged();
        }
    }

    /** An instance came, went, stopped on purpose or started again: the roster's version moves. */
    void countsChanged() {
        if (roster != null) {
            roster.changed();
        }
    }

    /**
     * @param probe a probe's name
     * @return this worker's section for it
     */
    PluginSettings probeSettings(String probe) {
        PluginSettings s = probeSettings.get(probe);
        if (s == null) {
            s = spec.probeSettings(probe);
            probeSettings.put(probe, s);
        }
        return s;
    }

    /** @return instances not stopped on purpose */
    List<InstanceRecord> active() {
        return instances.stream().filter(i -> !i.stopped()).toList();
    }

    /** @return how many instances are not stopped on purpose, without a list */
    int activeCount() {
        int n = 0;
        for (InstanceRecord i : instances) {
            if (!i.stopped()) {
                n++;
            }
        }
        return n;
    }

    /** @return the lowest slot no active instance holds */
    int nextFreeSlot() {
        int slot = 0;
        while (true) {
            final int s = slot;
            if (instances.stream().noneMatch(i -> i.id.slot() == s && !i.stopped())) {
                return slot;
            }
            slot++;
        }
    }

    /**
     * The instance a scale-down stops: the one in the highest slot, so that slot 0 (the one the
     * worker always has) is never the victim.
     *
     * @return it, or empty when the worker runs only {@code min_instances}
     */
    Optional<InstanceRecord> scaleDownVictim() {
        List<InstanceRecord> active = active();
        if (active.size() <= spec.minInstances()) {
            return Optional.empty();
        }
        return active.stream().max(Comparator.comparingInt(i -> i.id.slot()));
    }

    /** @return the worker's group for the shared-outage guard */
    String group() {
        return spec.group().orElse(WorkerSpec.DEFAULT_GROUP);
    }
}
