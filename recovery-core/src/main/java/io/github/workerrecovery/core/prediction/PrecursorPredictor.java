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
 * <p><b>Whether it acts</b> ({@link #decide}). Whether an averted failure would have come cannot be
 * known, so <em>averted</em> is no evidence that a precursor is right: its trust is measured on the
 * predictions that were only watched, {@code (hits + 1) / (hits + false alarms + wrong + 2)}. A
 * learned precursor acts once it has one hit and a trust of at least 0.5; a probe's own prediction
 * (a model, such as a memory trend's time to the threshold) needs no hit first, only the same trust.
 * A precursor that may act is still only watched on every {@code watchEvery}-th of its predictions,
 * so its false alarms keep being counted while it acts, and a precursor that stops being right stops
 * acting. Pure logic, time passed in; not thread-safe: the engine thread owns it.
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

        /**
         * @return the chance it is right, a Beta(1,1) posterior mean over the watched predictions
         *     (hits against false alarms) and the wrong actions; an averted one is no evidence
         */
        public double trust() {
            return (hits + 1.0) / (hits + falseAlarms + wrong + 2.0);
        }

        /** @return the share of its watched predictions that a failure followed, 0 when none closed */
        public double precision() {
            return hits + falseAlarms == 0 ? 0 : (double) hits / (hits + falseAlarms);
        }

        /** @return whether a learned precursor may act: right at least as often as not, with one hit at least */
        public boolean trusted() {
            return hits >= 1 && trust() >= 0.5;
        }

        /** @return whether a probe's own prediction may act: right at least as often as not, no hit needed first */
        public boolean trustedAsModel() {
            return trust() >= 0.5;
        }
    }

    /** Where a prediction's evidence comes from, which sets what it needs before it may act. */
    public enum Source {
        /** A finding learned from this worker's failures: one hit while watched first. */
        LEARNED,
        /** A probe's own model of the failure (a memory trend's time to the threshold): acts at once. */
        PROBE
    }

    private record Key(String worker, String metric, Foretold foretold) {
    }

    private static final class Open {
        final Prediction prediction;
        boolean acted;
        boolean verified;
        /** Whether {@link #decide} answered for it, and what: it answers once per prediction. */
        Boolean decided;

        Open(Prediction prediction) {
            this.prediction = prediction;
        }
    }

    private final Duration horizon;
    private final int watchEvery;
    private Record total = Record.EMPTY;
    private final Map<InstanceId, List<Open>> open = new HashMap<>();
    private final Map<Key, Record> records = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    /** Per precursor, its predictions that its trust would have let act, to pick every n-th for watching. */
    private final Map<Key, long[]> trustedTurns = new HashMap<>();

    /**
     * @param horizon how long a prediction waits for its failure; every {@value
     *     io.github.workerrecovery.core.PredictionConfig#DEFAULT_WATCH_EVERY}th trusted prediction watched
     */
    public PrecursorPredictor(Duration horizon) {
        this(horizon, io.github.workerrecovery.core.PredictionConfig.DEFAULT_WATCH_EVERY);
    }

    /**
     * @param horizon how long a prediction waits for its failure
     * @param watchEvery every how many predictions of a trusted precursor one is only watched,
     *     {@code >= 2}, or 0 for never (then a trusted precursor always acts, and only its wrong
     *     actions can take its trust away)
     * @throws IllegalArgumentException when {@code watchEvery} is 1 or negative
     */
    public PrecursorPredictor(Duration horizon, int watchEvery) {
        if (watchEvery < 0 || watchEvery == 1) {
            throw new IllegalArgumentException("watchEvery must be 0 or >= 2 but was " + watchEvery);
        }
        this.horizon = horizon;
        this.watchEvery = watchEvery;
    }

    /**
     * Whether an open prediction may act: its precursor's accounting allows it ({@link
     * Record#trusted()} for a learned one, {@link Record#trustedAsModel()} for a probe's) and it is
     * not the one in {@code watchEvery} of that precursor's trusted predictions that is only
     * watched. Answers once per prediction and gives the same answer when asked again (a probe's
     * prediction is asked every round while it holds); a prediction no longer open may not act.
     *
     * @param p the prediction
     * @param source where its evidence comes from
     * @return whether to act on it; the caller then says {@link #acted} when the action runs
     */
    public boolean decide(Prediction p, Source source) {
        Optional<Open> o = find(p);
        if (o.isEmpty()) {
            return false;
        }
        if (o.get().decided != null) {
            return o.get().decided;
        }
        Key key = new Key(p.instance().worker().value(), p.metric(), p.foretold());
        Record r = records.getOrDefault(key, Record.EMPTY);
        boolean act = source == Source.PROBE ? r.trustedAsModel() : r.trusted();
        if (act && watchEvery > 0) {
            long turn = ++trustedTurns.computeIfAbsent(key, k -> new long[1])[0];
            act = turn % watchEvery != 0; // the n-th is watched: its hit or false alarm keeps the trust honest
        }
        o.get().decided = act;
        return act;
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
        if (open.isEmpty()) {
            // the engine asks after every instance's round: with nothing open, a list and an
            // iterator each time were a steady item of a 10,000-instance round's allocation
            return List.of();
        }
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
