package io.github.workerrecovery.web.internal;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.SystemStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resource charts' data: every {@code interval}, the CPU and memory of every instance that
 * has a process, kept in a ring per instance that holds one hour ({@code 1 h / interval} samples,
 * at least 2). Memory is bounded by instances x ring size; an instance that disappears from the
 * status loses its ring. Sampling is one status snapshot per interval, on one daemon thread.
 */
public final class ResourceSamples implements AutoCloseable {

    static final String CPU = "cpu_percent";
    static final String MEMORY = "memory_percent";
    private static final Logger LOG = LoggerFactory.getLogger(ResourceSamples.class);
    private static final Duration KEPT = Duration.ofHours(1);

    private final Supplier<SystemStatus> status;
    private final int capacity;
    private final Map<InstanceId, Deque<WebDtos.SampleDto>> rings = new HashMap<>();
    private final ScheduledExecutorService timer;
    private Instant lastAt;

    /**
     * @param status where the figures come from
     * @param interval time between samples, {@code > 0}
     */
    public ResourceSamples(Supplier<SystemStatus> status, Duration interval) {
        this.status = status;
        this.capacity = (int) Math.max(2, KEPT.toMillis() / Math.max(1, interval.toMillis()));
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "recovery-web-sampler");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes one sample of every instance now. */
    void sample() {
        try {
            SystemStatus now = status.get();
            record(now.at(), now.instances());
        } catch (RuntimeException e) {
            LOG.warn("web: resource sample failed", e);
        }
    }

    private synchronized void record(Instant at, List<InstanceStatus> instances) {
        if (at.equals(lastAt)) {
            // the engine has not published a newer snapshot: the same figures again would skew the chart
            return;
        }
        lastAt = at;
        rings.keySet().retainAll(instances.stream().map(InstanceStatus::id).toList());
        for (InstanceStatus i : instances) {
            if (i.pid().isEmpty()) {
                continue;
            }
            Deque<WebDtos.SampleDto> ring = rings.computeIfAbsent(i.id(), k -> new ArrayDeque<>());
            ring.addLast(new WebDtos.SampleDto(at.toString(), measured(i.metrics().get(CPU)),
                    measured(i.metrics().get(MEMORY))));
            if (ring.size() > capacity) {
                ring.removeFirst();
            }
        }
    }

    /**
     * @param instance an instance
     * @return its samples, oldest first
     */
    public synchronized List<WebDtos.SampleDto> of(InstanceId instance) {
        Deque<WebDtos.SampleDto> ring = rings.get(instance);
        return ring == null ? List.of() : List.copyOf(ring);
    }

    /** @return how many samples each ring keeps */
    public int capacity() {
        return capacity;
    }

    static Double measured(Double value) {
        // NaN means "could not measure": null says so in JSON
        return value == null || value.isNaN() ? null : value;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
