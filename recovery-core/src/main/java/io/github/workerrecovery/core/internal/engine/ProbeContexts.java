package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerInstance;
import java.util.Arrays;

/**
 * The probe contexts of one instance, one per probe, kept from round to round while the instance
 * looks the same: a round of 10,000 quiet instances made a view and a context for every one of
 * them, only to find what the last round found. A context is immutable, so a probe that runs in
 * a later round sees the same values whether it is handed a new one or this one. Engine thread
 * only (the contexts it hands out are read on any thread).
 */
final class ProbeContexts {

    private final ProbeContext[] byProbe;
    private InstanceView view;

    /** @param probes how many probes the round runner has */
    ProbeContexts(int probes) {
        this.byProbe = new ProbeContext[probes];
    }

    /**
     * @param r the instance
     * @param probeIndex the probe's index in the round runner
     * @param probe the probe's name
     * @param time the engine's time source
     * @return the context for that probe's check of the instance as it is now
     */
    ProbeContext of(InstanceRecord r, int probeIndex, String probe, TimeSource time) {
        if (view == null || !view.shows(r)) {
            view = InstanceView.of(r);
            Arrays.fill(byProbe, null);
        }
        ProbeContext ctx = byProbe[probeIndex];
        if (ctx == null) {
            ctx = new Ctx(view, r.worker.probeSettings(probe), time);
            byProbe[probeIndex] = ctx;
        }
        return ctx;
    }

    private record Ctx(WorkerInstance instance, PluginSettings workerSettings, TimeSource time) implements ProbeContext {
    }
}
