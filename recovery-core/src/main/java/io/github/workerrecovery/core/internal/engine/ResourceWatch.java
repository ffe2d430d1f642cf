package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.api.event.PatternObserved;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.api.event.RecoveryVerdict;
import io.github.workerrecovery.core.PredictionConfig;
import io.github.workerrecovery.core.internal.events.EventStream;
import io.github.workerrecovery.core.prediction.ErrorPrecursors;
import io.github.workerrecovery.core.prediction.ErrorPrecursor;
import io.github.workerrecovery.core.prediction.PrecursorPredictor;
import io.github.workerrecovery.core.prediction.PrecursorPredictor.Foretold;
import io.github.workerrecovery.core.prediction.PrecursorPredictor.Prediction;
import io.github.workerrecovery.core.prediction.PredictionTotals;
import io.github.workerrecovery.core.prediction.ResourceCorrelator;
import io.github.workerrecovery.core.prediction.ResourceCorrelation;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Resources before failures, early warnings and predictive actions: the engine half of
 * {@link ResourceCorrelator} and {@link PrecursorPredictor}. Each periodic round's metrics go to
 * the correlator; a healthy round whose metrics drift from the instance's normal makes it WARNING
 * (an early warning, which never counts towards a recovery by itself) and opens a prediction; when
 * a learned finding says the drifting metric preceded a failure of this worker, the worker allows
 * predictive actions and the precursor has been right more often than wrong, the fixing action runs
 * through the usual flow (a WARNING from the {@value #PROBE} pseudo-probe) and is verified like any
 * other. A probe's own prediction (a WARNING with a {@value #TIME_TO_PREFIX} metric, such as a
 * memory leak's time to the threshold) is one case of this: accounted the same way, and acted on
 * under the same rules ({@link #mayDetect}). Each detected failure is summarised against the baselines, its consistent differences are
 * told to the sages as a pattern insight, and the summaries are saved in
 * {@code data/resource_correlations.json}, the error precursors' counts in {@code data/error_precursors.json}. Engine thread only.
 */
final class ResourceWatch implements Consumer<RecoveryEvent> {

    /** The probe name of a predictive action's trigger. */
    static final String PROBE = "prediction";
    /** The prefix of an error pattern's name where a prediction names a metric. */
    static final String PATTERN_PREFIX = "pattern:";
    /**
     * The prefix of a metric by which a probe says that its WARNING is a prediction: the seconds until
     * it expects the failure (the {@code resources} probe's {@code seconds_to_memory_threshold}).
     */
    static final String TIME_TO_PREFIX = "seconds_to_";
    /** New error lines mined per instance and round, at most: the newest are kept. */
    static final int LINES_PER_ROUND = 20;

    private final EngineLoop loop;
    private final PredictionConfig config;
    private final EventStream events;
    private final Alerts alerts;
    private final PredictionFiles files;
    private final ResourceCorrelator correlator;
    private final PrecursorPredictor predictor;
    private final ErrorPrecursors errorPrecursors;
    /** Per instance, the hashes of the error lines of its last round that had any (to mine only new lines). */
    private final Map<io.github.workerrecovery.api.InstanceId, LineMemory> lines = new HashMap<>();
    /** Mines one error line of an instance into a pattern id (the diagnosis's miner). */
    private BiFunction<InstanceRecord, String, Optional<String>> lineMiner = (r, line) -> Optional.empty();
    /** The incarnation each instance's window belongs to. */
    /** The prediction an instance's running recovery answers, until its verdict. */
    private final Map<io.github.workerrecovery.api.InstanceId, Prediction> acting = new HashMap<>();
    private HealthEvaluator.Detector detector;
    private PrecursorPredictor.Record totalsFrom;
    private PredictionTotals totals = PredictionTotals.NONE;
    /** Snapshots for readers on other threads (the web API), replaced after each failure. */
    private volatile List<ResourceCorrelation> publishedCorrelations = List.of();
    private volatile List<ErrorPrecursor> publishedErrorPrecursors = List.of();

    ResourceWatch(EngineLoop loop, PredictionConfig config, Path home, EventStream events, Alerts alerts,
                  SerialLane storeLane) {
        this.loop = loop;
        this.config = config;
        this.events = events;
        this.alerts = alerts;
        this.files = new PredictionFiles(home, storeLane);
        this.correlator = new ResourceCorrelator(config);
        this.predictor = new PrecursorPredictor(config.horizon(), config.watchEvery());
        this.errorPrecursors = new ErrorPrecursors(config);
    }

    void wire(HealthEvaluator.Detector value) {
        this.detector = value;
    }

    /** @param miner mines an instance's error line into a pattern id (the diagnosis's miner) */
    void wirePatterns(BiFunction<InstanceRecord, String, Optional<String>> miner) {
        this.lineMiner = miner;
    }

    /** Loads the saved summaries and error precursors; a corrupt file is set aside and reported. */
    void load() {
        if (!config.enabled()) {
            return;
        }
        Consumer<String> problem = text -> alerts.raise(AlertSeverity.HIGH, text, Optional.empty());
        correlator.restore(files.loadCorrelations(loop.now(), problem));
        publishedCorrelations = correlator.summaries();
        errorPrecursors.restore(files.loadErrorPrecursors(loop.now(), problem));
        publishedErrorPrecursors = List.copyOf(errorPrecursors.findings());
    }

    /**
     * A periodic round was judged.
     *
     * @param r the instance
     * @param signals the round's signals
     * @param healthy whether every probe that answered found it healthy
     * @return the early warning's reason, when a metric drifts from its normal
     */
    Optional<String> round(InstanceRecord r, List<HealthSignal> signals, boolean healthy) {
        if (!config.enabled()) {
            return Optional.empty();
        }
        Instant now = loop.now();
        closeExpired(now);
        // a field, not a map by instance: a put per instance and round led a 10,000-instance round's profile
        if (r.startedAt != null && !r.startedAt.equals(r.watchedStart)) {
            r.watchedStart = r.startedAt;
            correlator.newIncarnation(r.id);
        }
        if (!healthy) {
            probePredictions(r, signals, now);
        }
        Optional<String> early = patternsSeen(r, signals, healthy, now);
        Map<String, Double> metrics = HealthEvaluator.withMetrics(Map.of(), signals);
        List<ResourceCorrelator.Drift> drifts = correlator.observe(r.id, metrics, healthy, now);
        if (drifts.isEmpty()) {
            return early;
        }
        for (ResourceCorrelator.Drift d : drifts) {
            Optional<ResourceCorrelation.Finding> precursor = Optional.empty();
            Foretold foretold = Foretold.DRIFT;
            for (ResourceCorrelation c : correlator.summaries()) {
                if (!c.worker().equals(r.id.worker().value())) {
                    continue;
                }
                for (ResourceCorrelation.Finding f : c.findings(config.minFailures(), config.minShare())) {
                    if (f.metric().equals(d.metric()) && (precursor.isEmpty() || f.count() > precursor.get().count())) {
                        precursor = Optional.of(f);
                        foretold = new Foretold(Optional.of(c.failure()), c.pattern());
                    }
                }
            }
            Optional<Prediction> opened = predictor.open(r.id, d.metric(), foretold, now);
            if (opened.isPresent()) {
                announce(r, d.metric(), d.describe(), precursor.map(ResourceCorrelation.Finding::text));
                maybeAct(r, opened.get(), d.describe(), precursor.map(ResourceCorrelation.Finding::text),
                        PredictedFailures.kindFor(d.metric(), foretold));
            }
        }
        return Optional.of("early warning: " + drifts.get(0).describe());
    }

    /** Opens a prediction for each WARNING of a probe that says it is one (a {@value #TIME_TO_PREFIX} metric). */
    private void probePredictions(InstanceRecord r, List<HealthSignal> signals, Instant now) {
        for (int i = 0; i < signals.size(); i++) {
            HealthSignal s = signals.get(i);
            Optional<String> metric = PredictedFailures.predictedBy(s);
            if (metric.isPresent()) {
                predictor.open(r.id, metric.get(), new Foretold(s.failure(), Optional.empty()), now);
            }
        }
    }

    /**
     * An instance's problem streak reached {@code consecutive_checks}: whether its detection goes on.
     * A probe's own prediction (see {@link PredictedFailures#predictedBy}) is a prediction, not yet a failure: it is
     * acted on only when the worker allows predictive actions and the predictor lets it act (its
     * accounting, and the share of predictions only watched); otherwise the instance stays WARNING
     * and the prediction is watched: the failure that follows (the threshold crossed, a crash) is its
     * hit, and its horizon passing without one its false alarm.
     *
     * @param r the instance
     * @param worst the round's worst signal
     * @return whether to detect a failure now
     */
    boolean mayDetect(InstanceRecord r, HealthSignal worst) {
        if (!config.enabled()) {
            return true; // no accounting: a probe's prediction is a warning like any other
        }
        Optional<String> metric = PredictedFailures.predictedBy(worst);
        if (metric.isEmpty()) {
            return true;
        }
        Prediction p = null;
        for (Prediction open : predictor.openFor(r.id)) {
            if (open.metric().equals(metric.get())) {
                p = open;
            }
        }
        if (p == null) {
            p = predictor.open(r.id, metric.get(), new Foretold(worst.failure(), Optional.empty()), loop.now())
                    .orElseThrow();
        }
        if (!r.worker.spec.predictive() || !predictor.decide(p, PrecursorPredictor.Source.PROBE)) {
            return false;
        }
        if (!p.equals(acting.get(r.id))) {
            predictor.acted(p);
            acting.put(r.id, p);
        }
        return true;
    }

    /**
     * Mines the round's new error lines; a pattern that a finding names as the precursor of a failure
     * of this worker opens a prediction (and may act, as a drifting metric does). Lines already seen
     * in the instance's last round with lines are not mined again: a probe's tail repeats them.
     *
     * @return the early warning's reason, when a precursor pattern was written
     */
    private Optional<String> patternsSeen(InstanceRecord r, List<HealthSignal> signals, boolean healthy, Instant now) {
        LineMemory memory = null;
        String warning = null;
        for (int i = 0; i < signals.size(); i++) {
            List<String> errors = signals.get(i).errors();
            if (errors.isEmpty()) {
                continue;
            }
            if (memory == null) {
                memory = lines.computeIfAbsent(r.id, k -> new LineMemory());
                memory.begin();
            }
            for (int j = Math.max(0, errors.size() - LINES_PER_ROUND); j < errors.size(); j++) {
                String line = errors.get(j);
                if (!memory.fresh(line.hashCode())) {
                    continue;
                }
                Optional<String> pattern = lineMiner.apply(r, line);
                if (pattern.isEmpty()) {
                    continue;
                }
                errorPrecursors.seen(r.id, pattern.get(), now);
                Optional<ErrorPrecursor> found = errorPrecursors.precursor(r.id.worker(), pattern.get());
                if (found.isEmpty()) {
                    continue;
                }
                ErrorPrecursor f = found.get();
                String metric = PATTERN_PREFIX + pattern.get();
                String describe = "error pattern " + pattern.get() + " written";
                Foretold foretold = new Foretold(Optional.of(f.failure()), f.failurePattern());
                Optional<Prediction> opened = predictor.open(r.id, metric, foretold, now);
                if (opened.isPresent()) {
                    announce(r, metric, describe, Optional.of(f.text()));
                    if (healthy) {
                        maybeAct(r, opened.get(), describe, Optional.of(f.text()), PredictedFailures.kindForPattern(foretold));
                    }
                }
                warning = warning != null ? warning : "early warning: " + describe + ", which preceded " + f.text();
            }
        }
        if (memory != null) {
            memory.end();
        }
        return Optional.ofNullable(warning);
    }

    private void announce(InstanceRecord r, String metric, String describe, Optional<String> precursor) {
        String message = "early warning on " + r.id + ": " + describe
                + precursor.map(f -> "; precursor of a failure: " + f).orElse("");
        PatternInsight insight = new PatternInsight(Optional.of(r.id.worker()), "drift:" + r.id.worker() + ":" + metric,
                describe, 1, precursor.isPresent() ? "act before it fails (predictive: true), or find what drives "
                + metric : "look at what changed: " + metric + " left its normal range", message, loop.now());
        events.emit((seq, at) -> new PatternObserved(seq, at, insight));
    }

    private void maybeAct(InstanceRecord r, Prediction p, String describe, Optional<String> precursor, FailureKind kind) {
        if (precursor.isEmpty() || !r.worker.spec.predictive() || r.job != null || r.incident != null) {
            return;
        }
        PrecursorPredictor.Record record = predictor.record(r.id, p.metric(), p.foretold());
        if (!predictor.decide(p, PrecursorPredictor.Source.LEARNED)) {
            return; // watched: its hit or false alarm says whether it deserves an action
        }
        String reason = "predicted " + p.foretold().failure().map(Enum::name).orElse("failure") + ": " + describe
                + " (" + precursor.get() + "; precursor right " + Math.round(100 * record.trust()) + " %)";
        // after the round's verdict (the instance is WARNING by then), as its own step
        loop.post(() -> {
            if (r.job != null || r.incident != null || r.stopped() || r.state() != WorkerState.WARNING
                    || !predictor.openFor(r.id).contains(p)) {
                return;
            }
            predictor.acted(p);
            acting.put(r.id, p);
            detector.detect(r, kind, HealthSignal.problem(PROBE, HealthStatus.WARNING, kind, reason, loop.now()));
        });
    }

    /**
     * A failure was diagnosed (once per incident): its window is summarised and the open
     * predictions of the instance close. A predictive action's own trigger is no failure.
     *
     * @param r the instance
     * @param incident its new incident
     */
    void failed(InstanceRecord r, InstanceRecord.Incident incident) {
        if (!config.enabled() || (incident.trigger != null && (PROBE.equals(incident.trigger.probe())
                || PredictedFailures.predictedBy(incident.trigger).isPresent()))) {
            return; // an action on a prediction, not a failure
        }
        Instant now = loop.now();
        predictor.failed(r.id, now);
        acting.remove(r.id);
        ErrorPrecursors.Learned fromErrors = errorPrecursors.onFailure(r.id, incident.failure,
                Optional.ofNullable(incident.pattern), now);
        if (!fromErrors.newFindings().isEmpty()) {
            errorInsight(fromErrors.newFindings());
        }
        if (!fromErrors.seenBefore().isEmpty() || !publishedErrorPrecursors.isEmpty()) {
            publishedErrorPrecursors = List.copyOf(errorPrecursors.findings());
        }
        persistErrors();
        correlator.onFailure(r.id, incident.failure, Optional.ofNullable(incident.pattern), now).ifPresent(learned -> {
            incident.precededBy = learned.signs();
            incident.finding = learned.summary().findings(config.minFailures(), config.minShare()).stream()
                    .findFirst().map(ResourceCorrelation.Finding::text).orElse(null);
            if (!learned.newFindings().isEmpty()) {
                insight(learned.summary(), learned.newFindings());
            }
            persist();
        });
    }

    private void insight(ResourceCorrelation c, List<ResourceCorrelation.Finding> found) {
        String text = String.join("; ", found.stream().map(ResourceCorrelation.Finding::text).toList());
        boolean memory = found.stream().anyMatch(f -> ResourceCorrelator.memoryMetric(f.metric()));
        String suggestion = memory ? "its memory climbs before it fails: raise its memory limit or find the leak; "
                + "memory_cleanup is tried before a restart, and predictive: true acts before the failure"
                : "find what drives " + found.get(0).metric() + " before it fails; predictive: true acts before the failure";
        PatternInsight insight = new PatternInsight(Optional.of(io.github.workerrecovery.api.WorkerId.of(c.worker())),
                "resources:" + c.worker() + ":" + c.failure() + ":" + c.pattern().orElse("-"), text,
                found.get(0).count(), suggestion, "worker " + c.worker() + ": " + text, loop.now());
        events.emit((seq, at) -> new PatternObserved(seq, at, insight));
    }

    private void errorInsight(List<ErrorPrecursor> found) {
        ErrorPrecursor first = found.get(0);
        String text = String.join("; ", found.stream().map(ErrorPrecursor::text).toList());
        PatternInsight insight = new PatternInsight(Optional.of(io.github.workerrecovery.api.WorkerId.of(first.worker())),
                "precursor:" + first.worker() + ":" + first.failure() + ":" + first.failurePattern().orElse("-"), text,
                first.count(), "this error comes before the failure: find its cause; predictive: true acts when it is "
                + "written again", "worker " + first.worker() + ": " + text, loop.now());
        events.emit((seq, at) -> new PatternObserved(seq, at, insight));
    }

    /** Verdicts of predictive actions go to the predictor's accounting. */
    @Override
    public void accept(RecoveryEvent event) {
        if (event instanceof RecoveryVerdict v) {
            Prediction p = acting.remove(v.outcome().instance());
            if (p != null) {
                predictor.actionVerified(p, v.outcome().success(), v.at());
            }
        }
    }

    private void closeExpired(Instant now) {
        predictor.expire(now);
    }

    /**
     * @return the predictions' accounting, summed (for the status); engine thread. The same object
     *     until a prediction closes: a status refresh allocates nothing for it
     */
    PredictionTotals totals() {
        PrecursorPredictor.Record r = predictor.total();
        if (r != totalsFrom) {
            totalsFrom = r;
            totals = new PredictionTotals(r.hits(), r.falseAlarms(), r.averted(), r.wrong(),
                    r.hits() == 0 ? 0 : r.leadSeconds() / r.hits());
        }
        return totals;
    }

    /** @return the resource summaries as of the latest failure; any thread */
    List<ResourceCorrelation> publishedCorrelations() {
        return publishedCorrelations;
    }

    /** @return the error-pattern precursors as of the latest failure; any thread */
    List<ErrorPrecursor> publishedErrorPrecursors() {
        return publishedErrorPrecursors;
    }

    /** @return the summaries as of now */
    List<ResourceCorrelation> summaries() {
        return correlator.summaries();
    }

    /** Publishes the latest summaries and hands them to the files. */
    private void persist() {
        List<ResourceCorrelation> current = correlator.summaries();
        publishedCorrelations = current;
        files.saveCorrelations(current);
    }

    private void persistErrors() {
        files.saveErrorPrecursors(errorPrecursors.counts());
    }

    /**
     * The hashes of an instance's error lines in its last round with any, and of this round's: a
     * probe that hands the worker's last lines each round repeats the older ones. Two fixed arrays,
     * swapped: nothing allocated per round.
     */
    private static final class LineMemory {
        private int[] last = new int[LINES_PER_ROUND * 2];
        private int lastCount;
        private int[] now = new int[LINES_PER_ROUND * 2];
        private int nowCount;

        void begin() {
            nowCount = 0;
        }

        /** @return whether the line is new (not in the last round's, nor already this round's), remembering it */
        boolean fresh(int hash) {
            for (int i = 0; i < nowCount; i++) {
                if (now[i] == hash) {
                    return false;
                }
            }
            if (nowCount < now.length) {
                now[nowCount++] = hash; // repeated ones too: the next round's tail repeats them again
            }
            for (int i = 0; i < lastCount; i++) {
                if (last[i] == hash) {
                    return false;
                }
            }
            return true;
        }

        void end() {
            int[] t = last;
            last = now;
            lastCount = nowCount;
            now = t;
        }
    }
}
