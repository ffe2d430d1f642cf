package io.github.workerrecovery.web.internal;

import io.github.workerrecovery.api.event.EventSubscription;
import io.github.workerrecovery.api.event.FailureDetected;
import io.github.workerrecovery.api.event.InstanceStateChanged;
import io.github.workerrecovery.api.event.OutageEnded;
import io.github.workerrecovery.api.event.OutageOpened;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.api.event.RecoveryEvents;
import io.github.workerrecovery.api.event.SubscriptionOptions;
import io.github.workerrecovery.api.InstanceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard needs from the event stream beyond the status: the shared outages open now,
 * each instance's latest state changes, and when each error pattern last caused a failure (for
 * its trend). Follows the stream from the first kept event, so a server started late still knows
 * what the ring kept. Bounded: {@value #STATES_PER_INSTANCE} changes per instance and
 * {@value #DETECTIONS_PER_PATTERN} detections per pattern. Thread-safe.
 */
public final class EventDigest implements AutoCloseable {

    static final int STATES_PER_INSTANCE = 50;
    static final int DETECTIONS_PER_PATTERN = 1000;
    private static final int TREND_HOURS = 24;

    private final Map<String, WebDtos.OutageDto> outages = new LinkedHashMap<>();
    private final Map<InstanceId, Deque<WebDtos.StateChangeDto>> states = new HashMap<>();
    private final Map<String, Deque<Instant>> detections = new HashMap<>();
    private final EventSubscription subscription;

    /** @param events the stream to follow */
    public EventDigest(RecoveryEvents events) {
        this.subscription = events.subscribe(SubscriptionOptions.defaults().replayingAfter(0), this::accept);
    }

    private synchronized void accept(RecoveryEvent event) {
        if (event instanceof InstanceStateChanged e) {
            Deque<WebDtos.StateChangeDto> q = states.computeIfAbsent(e.instance(), k -> new ArrayDeque<>());
            q.addLast(new WebDtos.StateChangeDto(e.sequence(), e.at().toString(), e.from().name(), e.to().name(),
                    e.reason()));
            if (q.size() > STATES_PER_INSTANCE) {
                q.removeFirst();
            }
        } else if (event instanceof OutageOpened e) {
            outages.put(e.outage(), new WebDtos.OutageDto(e.outage(), e.at().toString(),
                    e.affected().stream().map(InstanceId::toString).toList(), e.message()));
        } else if (event instanceof OutageEnded e) {
            outages.remove(e.outage());
        } else if (event instanceof FailureDetected e && e.pattern().isPresent()) {
            Deque<Instant> q = detections.computeIfAbsent(e.pattern().get(), k -> new ArrayDeque<>());
            q.addLast(e.at());
            if (q.size() > DETECTIONS_PER_PATTERN) {
                q.removeFirst();
            }
        }
    }

    /** @return the shared outages open now, oldest first */
    public synchronized List<WebDtos.OutageDto> openOutages() {
        return List.copyOf(outages.values());
    }

    /**
     * @param instance an instance
     * @return its latest state changes, oldest first
     */
    public synchronized List<WebDtos.StateChangeDto> stateHistory(InstanceId instance) {
        Deque<WebDtos.StateChangeDto> q = states.get(instance);
        return q == null ? List.of() : List.copyOf(q);
    }

    /**
     * @param pattern a pattern id
     * @param now the end of the last hour
     * @return failures it caused per hour over the last 24 hours, oldest first
     */
    public synchronized List<Long> trend(String pattern, Instant now) {
        long[] buckets = new long[TREND_HOURS];
        Deque<Instant> q = detections.get(pattern);
        if (q != null) {
            for (Instant at : q) {
                long hoursAgo = Duration.between(at, now).toHours();
                if (!at.isAfter(now) && hoursAgo < TREND_HOURS) {
                    buckets[TREND_HOURS - 1 - (int) hoursAgo]++;
                }
            }
        }
        List<Long> out = new ArrayList<>(TREND_HOURS);
        for (long b : buckets) {
            out.add(b);
        }
        return out;
    }

    @Override
    public void close() {
        subscription.close();
    }
}
