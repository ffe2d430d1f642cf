package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.core.ProbeStatistics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each probe's cumulative checks, failures and time spent, for {@code probeStatistics()}. The
 * map is fixed at construction (one entry per probe), so the probe pool's threads and the engine
 * thread update it without a lock.
 */
final class ProbeCounters {

    /** One probe's counts. */
    private static final class Counts {
        final AtomicLong checks = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong nanos = new AtomicLong();
    }

    private final Map<String, Counts> byName;

    ProbeCounters(Collection<HealthProbe> probes) {
        Map<String, Counts> map = new TreeMap<>();
        probes.forEach(p -> map.put(p.name(), new Counts()));
        this.byName = Collections.unmodifiableMap(map);
    }

    /** A check of the named probe returned (or threw) after {@code nanos}. Any thread. */
    void checked(String probe, long nanos) {
        Counts c = byName.get(probe);
        if (c != null) {
            c.nanos.addAndGet(Math.max(0, nanos));
            c.checks.incrementAndGet();
        }
    }

    /** A check of the named probe failed: threw, returned nothing, timed out or could not start. Any thread. */
    void failed(String probe) {
        Counts c = byName.get(probe);
        if (c != null) {
            c.failures.incrementAndGet();
        }
    }

    /** @return each probe's counts, by name */
    List<ProbeStatistics> statistics() {
        List<ProbeStatistics> out = new ArrayList<>(byName.size());
        byName.forEach((name, c) -> out.add(new ProbeStatistics(name, c.checks.get(), c.failures.get(),
                Duration.ofNanos(c.nanos.get()))));
        return List.copyOf(out);
    }
}
