package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.StrategyKey;
import io.github.workerrecovery.api.StrategyStore;
import io.github.workerrecovery.api.event.FailureDetected;
import io.github.workerrecovery.api.event.PatternObserved;
import io.github.workerrecovery.core.internal.events.EventStream;
import io.github.workerrecovery.core.internal.learning.PreventiveAdvisor;
import io.github.workerrecovery.core.io.RepeatedWriteLog;
import io.github.workerrecovery.core.patterns.ErrorEvent;
import io.github.workerrecovery.core.patterns.ErrorPatternMiner;
import io.github.workerrecovery.core.patterns.MultiLineErrorAssembler;
import io.github.workerrecovery.core.patterns.PatternMatch;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Diagnosis: opens (or updates) the instance's incident with the failure kind and the error
 * pattern mined from the trigger's error lines, tells the resource watch (what the resources did
 * before it) and the preventive advisor about a new incident, and says what was found as an event. Engine thread only.
 */
final class Diagnosis {

    private static final Logger LOG = LoggerFactory.getLogger(Diagnosis.class);

    private final EngineLoop loop;
    private final EventStream events;
    private final ErrorPatternMiner miner;
    private final PreventiveAdvisor advisor;
    private final ResourceWatch resources;
    private final StrategyStore store;
    private final SerialLane storeLane;
    /** One WARN per run of failed saves (a full disk), not one per change. */
    private final RepeatedWriteLog patternWrites = new RepeatedWriteLog(LOG, "the error patterns");
    /** The latest pattern snapshot waiting for the store lane; null when none is pending. */
    private final AtomicReference<List<ErrorPattern>> patternsToSave = new AtomicReference<>();
    /** The latest patterns, for readers on any thread (the miner itself is the engine thread's). */
    private volatile List<ErrorPattern> published = List.of();

    Diagnosis(EngineLoop loop, EventStream events, ErrorPatternMiner miner, PreventiveAdvisor advisor,
              ResourceWatch resources, StrategyStore store, SerialLane storeLane) {
        this.loop = loop;
        this.events = events;
        this.miner = miner;
        this.advisor = advisor;
        this.resources = resources;
        this.store = store;
        this.storeLane = storeLane;
    }

    /** Loads the saved patterns; a store that cannot be read means mining afresh. */
    void load() {
        try {
            miner.restore(store.loadPatterns());
            published = miner.patterns();
        } catch (Exception e) {
            LOG.warn("could not load error patterns; mining them afresh", e);
        }
    }

    /**
     * @param r the instance
     * @param failure the failure kind
     * @param trigger the signal that showed it
     * @param relapse the strategy charged with a relapse, when the failure ended a probation
     * @return the instance's incident
     */
    InstanceRecord.Incident diagnose(InstanceRecord r, FailureKind failure, HealthSignal trigger,
                                     Optional<StrategyKey> relapse) {
        Instant now = loop.now();
        boolean fresh = r.incident == null;
        if (fresh) {
            r.incident = new InstanceRecord.Incident(failure, trigger, now);
        } else {
            r.incident.failure = failure;
            r.incident.trigger = trigger;
        }
        InstanceRecord.Incident incident = r.incident;
        relapse.ifPresent(incident.failuresCounted::add);
        incident.relapsed |= relapse.isPresent();
        if (incident.pattern == null) {
            incident.pattern = minePattern(r, trigger);
        }
        events.emit((seq, at) -> new FailureDetected(seq, at, r.id, failure, trigger.status(), trigger.reason(),
                Optional.ofNullable(incident.pattern), relapse.isPresent()));
        if (fresh) {
            resources.failed(r, incident);
            advisor.onFailure(r.id.worker(), failure, Optional.ofNullable(incident.pattern),
                    describePattern(incident.pattern), now)
                    .ifPresent(i -> events.emit((seq, at) -> new PatternObserved(seq, at, i)));
        }
        return incident;
    }

    /** @return the mined error patterns as of the latest change (any thread) */
    List<ErrorPattern> patterns() {
        return published;
    }

    /** @return the template of a mined pattern (with its code location), "" when unknown or absent */
    String describePattern(String patternId) {
        return patternId == null ? "" : miner.pattern(patternId).map(ErrorPattern::describe).orElse("");
    }

    /**
     * Mines the error that came with a failure: the trigger's error lines are grouped into events
     * (a stack trace is one) and the last stack trace, else the last line, is the incident's
     * error. One event per incident, so a pattern's count is the number of incidents it caused.
     * Bounded and fast enough for the engine thread.
     *
     * @return the pattern id, or null when the trigger had no error lines
     */
    private String minePattern(InstanceRecord r, HealthSignal trigger) {
        if (trigger.errors().isEmpty()) {
            return null;
        }
        List<ErrorEvent> found = MultiLineErrorAssembler.assemble(
                HealthEvaluator.tail(trigger.errors(), HealthEvaluator.SIGNAL_ERROR_LINES));
        ErrorEvent chosen = null;
        for (ErrorEvent e : found) {
            if (chosen == null || e.kind() != ErrorEvent.Kind.LINE || chosen.kind() == ErrorEvent.Kind.LINE) {
                chosen = e;
            }
        }
        if (chosen == null) {
            return null;
        }
        Optional<PatternMatch> match = miner.add(r.id.worker(), chosen);
        if (match.isEmpty()) {
            return null;
        }
        PatternMatch m = match.get();
        if (m.created()) {
            String description = m.location().isEmpty() ? m.template() : m.template() + " at " + m.location();
            PatternInsight insight = new PatternInsight(Optional.of(r.id.worker()), m.id(), description, 1, "",
                    "new error pattern " + m.id() + " on " + r.id.worker() + ": " + description, loop.now());
            events.emit((seq, at) -> new PatternObserved(seq, at, insight));
        }
        persistPatterns();
        return m.id();
    }

    /**
     * Mines one error line a worker wrote outside an incident (a warning that may come before a
     * failure): it is counted as any mined line. The patterns are saved when one is new; a count
     * that only grew is saved with the next change.
     *
     * @param r the instance
     * @param line the line
     * @return its pattern id; empty for a blank line
     */
    Optional<String> mineLine(InstanceRecord r, String line) {
        Optional<PatternMatch> match = miner.add(r.id.worker(), ErrorEvent.line(line));
        if (match.isEmpty()) {
            return Optional.empty();
        }
        PatternMatch m = match.get();
        if (m.created()) {
            String description = m.location().isEmpty() ? m.template() : m.template() + " at " + m.location();
            PatternInsight insight = new PatternInsight(Optional.of(r.id.worker()), m.id(), description, 1, "",
                    "new error pattern " + m.id() + " on " + r.id.worker() + ": " + description, loop.now());
            events.emit((seq, at) -> new PatternObserved(seq, at, insight));
            persistPatterns();
        }
        return Optional.of(m.id());
    }

    /** Hands the latest patterns to the store lane; a save already waiting there takes them instead. */
    private void persistPatterns() {
        List<ErrorPattern> current = miner.patterns();
        published = current;
        if (patternsToSave.getAndSet(current) != null) {
            return;
        }
        storeLane.submit(() -> {
            List<ErrorPattern> latest = patternsToSave.getAndSet(null);
            if (latest == null) {
                return;
            }
            try {
                store.savePatterns(latest);
                patternWrites.succeeded();
            } catch (Exception e) {
                patternWrites.failed(e);
            }
        });
    }
}
