package io.github.workerrecovery.micrometer;

import static io.github.workerrecovery.micrometer.WorkerRecoveryMetrics.ALERTS;
import static io.github.workerrecovery.micrometer.WorkerRecoveryMetrics.DETECTIONS;
import static io.github.workerrecovery.micrometer.WorkerRecoveryMetrics.RECOVERIES;
import static io.github.workerrecovery.micrometer.WorkerRecoveryMetrics.RELAPSES;
import static io.github.workerrecovery.micrometer.WorkerRecoveryMetrics.STRATEGY_SUCCESS_RATE;
import static io.github.workerrecovery.micrometer.WorkerRecoveryMetrics.TIME_TO_RECOVER;

import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.event.AlertRaised;
import io.github.workerrecovery.api.event.FailureDetected;
import io.github.workerrecovery.api.event.KnowledgeChanged;
import io.github.workerrecovery.api.event.ProbationPassed;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.api.event.RecoveryRelapsed;
import io.github.workerrecovery.api.event.RecoveryVerdict;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The meters counted from the engine's event stream: recoveries and their time, relapses,
 * detections, alerts; and the learned-rate gauges, added as failure kinds and actions are seen.
 * A meter is added the first time its tag combination occurs. {@link #accept} runs on the
 * subscription's one thread; {@link #registerLearnedStrategies()} may run on any.
 */
final class EventCounts implements Consumer<RecoveryEvent> {

    /** Client-side percentiles of the time to recover, for registries that publish them (JMX, a simple registry). */
    private static final double[] PERCENTILES = {0.5, 0.95, 0.99};
    /**
     * The histogram's buckets: a respawn takes milliseconds, a verification seconds, a give-up minutes.
     * A fixed set of 15 (Micrometer's own percentile histogram has about 70 for this range), so a
     * scrape stays small while quantiles can be aggregated over workers on the server.
     */
    static final Duration[] BUCKETS = {
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
        Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10)};

    private final MeterSet meters;
    private final StrategyRates rates;
    private final Map<CounterKey, AtomicLong> counters = new ConcurrentHashMap<>();

    /** A counter's name and tags; also the key of its meter in the {@link MeterSet}. */
    private record CounterKey(String name, Tags tags) {
    }

    /** The key of the time-to-recover timer of one tag combination. */
    private record TimerKey(Tags tags) {
    }

    EventCounts(MeterSet meters, StrategyRates rates) {
        this.meters = meters;
        this.rates = rates;
    }

    @Override
    public void accept(RecoveryEvent event) {
        if (event instanceof RecoveryVerdict v) {
            RecoveryOutcome o = v.outcome();
            Tags tags = Tags.of("worker", o.instance().worker().value(), "action", o.action(),
                    "failure", o.failure().name(), "result", result(o));
            increment(RECOVERIES, tags, "verified recovery attempts");
            time(tags, o.timeToRecover());
            registerRate(new StrategyRates.Key(o.failure(), o.action()));
        } else if (event instanceof RecoveryRelapsed r) {
            RecoveryOutcome o = r.record();
            increment(RELAPSES, Tags.of("worker", o.instance().worker().value(), "action", o.action(),
                    "failure", o.failure().name()), "recoveries whose instance failed again within probation");
            registerRate(new StrategyRates.Key(o.failure(), o.action()));
        } else if (event instanceof FailureDetected f) {
            increment(DETECTIONS, Tags.of("worker", f.instance().worker().value(), "failure", f.failure().name()),
                    "failures diagnosed");
        } else if (event instanceof AlertRaised a) {
            increment(ALERTS, Tags.of("severity", a.alert().severity().name()), "incident alerts raised");
        } else if (event instanceof ProbationPassed || event instanceof KnowledgeChanged) {
            registerLearnedStrategies();
        }
    }

    /** Adds a rate gauge for every failure kind and action learned so far (loaded, imported or seen). */
    void registerLearnedStrategies() {
        rates.learnedKeys().forEach(this::registerRate);
    }

    private static String result(RecoveryOutcome o) {
        return o.success() ? "success" : o.interrupted() ? "interrupted" : "failure";
    }

    private void increment(String name, Tags tags, String description) {
        CounterKey key = new CounterKey(name, tags);
        AtomicLong count = counters.get(key);
        if (count == null) {
            AtomicLong fresh = new AtomicLong();
            count = counters.putIfAbsent(key, fresh);
            if (count == null) {
                count = fresh;
                meters.add(key, registry -> FunctionCounter.builder(name, fresh, AtomicLong::get)
                        .tags(tags).description(description).register(registry));
            }
        }
        count.incrementAndGet();
    }

    private void time(Tags tags, Duration took) {
        TimerKey key = new TimerKey(tags);
        meters.add(key, registry -> Timer.builder(TIME_TO_RECOVER).tags(tags)
                .description("from the detection of the failure, or a manual request, to the verdict")
                .publishPercentiles(PERCENTILES)
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
        meters.each(key, timer -> ((Timer) timer).record(took.isNegative() ? Duration.ZERO : took));
    }

    private void registerRate(StrategyRates.Key key) {
        meters.add(key, registry -> Gauge.builder(STRATEGY_SUCCESS_RATE, rates, r -> r.rate(key))
                .tag("failure", key.failure().name()).tag("action", key.action())
                .description("learned success rate over every error pattern and origin; NaN until an attempt counts")
                .strongReference(true)
                .register(registry));
    }
}
