package io.github.workerrecovery.core.prediction;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.InstanceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Predictions and their accounting. A prediction opens when a metric of an instance starts to
 * drift from its normal; it names the failure it foretells when a learned finding says that this
 * metric preceded a failure of that worker (a precursor), else it is a plain early warning. It
 * closes as:
 * <ul>
 *   <li><b>hit</b>: a failure of the instance was detected within {@code horizon} (its lead time is
 *   kept); when an action had already run for it, the action did not prevent it, and the
 *   prediction is <b>wrong</b> instead (it cost an action and the failure came anyway);</li>
 *   <li><b>false alarm</b>: {@code horizon} passed without a failure and nothing was done;</li>
 *   <li><b>averted</b>: an action ran for it, was verified, and no failure followed within
 *   {@code horizon}. Whether the failure would have come cannot be known; the hits and false alarms
 *   of the same precursor while it was only watched are what say how often it is right;</li>
 *   <li><b>wrong</b>: the action run for it failed its verification (it made things worse).</li>
 * </ul>
 * A precursor is trusted to act once it was right more often than not: {@code (hits + averted + 1)
 * / (hits + averted + false alarms + wrong + 2) >= 0.5} with at least one hit. Pure logic, time
 * passed in; not thread-safe: the engine thread owns it.
 */
public final class PrecursorPredictor {

    /** How a prediction ended. */
    public enum Verdict { HIT, FALSE_ALARM, AVERTED, WRONG }

    /**
     * What a prediction foretold.
     *
     * @param failure the failure kind, empty for a plain drift warning
     * @param pattern the failure's error pattern, if any
     */
    public record Foretold(Optional<FailureKind> failure, Optional<String> pattern) {

        /** A plain drift warning: no learned failure behind it. */
        public static final Foretold DRIFT = new Foretold(Optional.empty(), Optional.empty());
    }

    /**
     * One open prediction.
     *
     * @param instance the instance
     * @param metric the drifting metric
     * @param foretold what it foretells
     * @param opened when the drift began
     */
    public record Prediction(InstanceId instance, String metric, Foretold foretold, Instant opened) {
    }

    /**
     * A closed prediction.
     *
     * @param prediction it
     * @param verdict how it ended
     * @param lead for a hit, the time from the prediction to the failure; zero otherwise
     */
    public record Closed(Prediction prediction, Verdict verdict, Duration lead) {
    }

    /**
     * The accounting of one precursor, or of the plain drifts of one metric on one worker.
     *
     * @param hits predicted failures that came
     * @param falseAlarms predictions with no failure in the horizon and no action
     * @param averted acted predictions, verified, with no failure in the horizon
     * @param wrong acted predictions whose action failed or after which the failure came anyway
     * @param leadSeconds the lead times of the hits, summed
     */
    public record Record(long hits, long falseAlarms, long averted, long wrong, double leadSeconds) {

        static final Record EMPTY = new Record(0, 0, 0, 0, 0);

        Record with(Verdict v, Duration lead) {
            return new Record(hits + (v == Verdict.HIT ? 1 : 0), falseAlarms + (v == Verdict.FALSE_ALARM ? 1 : 0),
                    averted + (v == Verdict.AVERTED ? 1 : 0), wrong + (v == Verdict.WRONG ? 1 : 0),
                    leadSeconds + lead.toMillis() / 1000.0);
        }

        /** @return the chance it is right, a Beta(1,1) posterior mean over right and wrong */
        public double trust() {
            return (hits + averted + 1.0) / (hits + averted + falseAlarms + wrong + 2.0);
        }

        /** @return whether it may act: right more often than not, with one hit at least */
        public boolean trusted() {
            return hits >= 1 && trust() >= 0.5;
        }
    }

    private record Key(String worker, String metric, Foretold foretold) {
    }

    private static final class Open {
        final Prediction prediction;
        boolean acted;
        boolean verified;

        Open(Prediction prediction) {
            this.prediction = prediction;
        }
    }

    private final Duration horizon;
    private Record total = Record.EMPTY;
    private final Map<InstanceId, List<Open>> open = new HashMap<>();
    private final Map<Key, Record> records = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));

    /** @param horizon how long a prediction waits for its failure */
    public PrecursorPredictor(Duration horizon) {
        this.horizon = horizon;
    }

    /**
     * A metric began to drift: a prediction opens, unless one is open for it already.
     *
     * @param instance the instance
     * @param metric the metric
     * @param foretold what it foretells
     * @param at when
     * @return the new prediction, empty when one for this metric was open
     */
    public Optional<Prediction> open(InstanceId instance, String metric, Foretold foretold, Instant at) {
        List<Open> list = open.computeIfAbsent(instance, i -> new ArrayList<>());
        for (Open o : list) {
            if (o.prediction.metric().equals(metric)) {
                return Optional.empty();
            }
        }
        Prediction p = new Prediction(instance, metric, foretold, at);
        list.add(new Open(p));
        return Optional.of(p);
    }

    /**
     * An action runs for a prediction.
     *
     * @param p the prediction
     */
    public void acted(Prediction p) {
        find(p).ifPresent(o -> o.acted = true);
    }

    /**
     * The verdict of the action run for a prediction.
     *
     * @param p the prediction
     * @param success whether it was verified
     * @param at when
     * @return the closed prediction when the action failed (a wrong prediction)
     */
    public Optional<Closed> actionVerified(Prediction p, boolean success, Instant at) {
        Optional<Open> o = find(p);
        if (o.isEmpty()) {
            return Optional.empty();
        }
        if (success) {
            o.get().verified = true;
            return Optional.empty();
        }
        open.get(p.instance()).remove(o.get());
        return Optional.of(close(p, Verdict.WRONG, Duration.ZERO));
    }

    /**
     * A failure of an instance was detected: every prediction open for it closes, as a hit or, if
     * an action had run for it, as wrong.
     *
     * @param instance the instance
     * @param at the detection
     * @return the predictions closed
     */
    public List<Closed> failed(InstanceId instance, Instant at) {
        List<Open> list = open.remove(instance);
        if (list == null) {
            return List.of();
        }
        List<Closed> out = new ArrayList<>();
        for (Open o : list) {
            out.add(o.acted ? close(o.prediction, Verdict.WRONG, Duration.ZERO)
                    : close(o.prediction, Verdict.HIT, Duration.between(o.prediction.opened(), at)));
        }
        return out;
    }

    /**
     * Closes the predictions whose horizon passed without a failure.
     *
     * @param now the time
     * @return them: false alarms, or averted when an action ran and was verified
     */
    public List<Closed> expire(Instant now) {
        List<Closed> out = new ArrayList<>();
        for (List<Open> list : open.values()) {
            for (Iterator<Open> it = list.iterator(); it.hasNext(); ) {
                Open o = it.next();
                if (!now.isBefore(o.prediction.opened().plus(horizon))) {
                    it.remove();
                    out.add(close(o.prediction, o.acted && o.verified ? Verdict.AVERTED
                            : o.acted ? Verdict.WRONG : Verdict.FALSE_ALARM, Duration.ZERO));
                }
            }
        }
        open.values().removeIf(List::isEmpty);
        return out;
    }

    /**
     * @param instance an instance
     * @return its open predictions
     */
    public List<Prediction> openFor(InstanceId instance) {
        return open.getOrDefault(instance, List.of()).stream().map(o -> o.prediction).toList();
    }

    /**
     * @param instance an instance
     * @param metric a metric
     * @param foretold what it foretells
     * @return the accounting of that precursor on the instance's worker
     */
    public Record record(InstanceId instance, String metric, Foretold foretold) {
        return records.getOrDefault(new Key(instance.worker().value(), metric, foretold), Record.EMPTY);
    }

    /**
     * @return the accounting over every precursor and drift, summed: kept as predictions close, so
     *     this costs nothing, and the same object until the next one closes
     */
    public Record total() {
        return total;
    }

    private Optional<Open> find(Prediction p) {
        return open.getOrDefault(p.instance(), List.of()).stream().filter(o -> o.prediction.equals(p)).findFirst();
    }

    private Closed close(Prediction p, Verdict v, Duration lead) {
        total = total.with(v, lead);
        records.merge(new Key(p.instance().worker().value(), p.metric(), p.foretold()), Record.EMPTY.with(v, lead),
                (a, b) -> a.with(v, lead));
        return new Closed(p, v, lead);
    }
}
