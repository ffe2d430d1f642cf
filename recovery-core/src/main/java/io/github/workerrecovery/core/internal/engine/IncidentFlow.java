package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.StrategyKey;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.internal.learning.CorrelatedFailureGuard.Verdict;
import java.util.Locale;
import java.util.Optional;

/**
 * The path of a detected failure, stage by stage: a relapse charged to the recovery on
 * probation, diagnosis, the shared-outage guard (hold, wait or canary), one alert per incident,
 * then planning. Engine thread only.
 */
final class IncidentFlow implements HealthEvaluator.Detector {

    private final EngineLoop loop;
    private final OutcomeRecorder outcomes;
    private final Diagnosis diagnosis;
    private final OutageCoordinator outages;
    private final Alerts alerts;
    private final AttemptPlanner planning;

    IncidentFlow(EngineLoop loop, OutcomeRecorder outcomes, Diagnosis diagnosis, OutageCoordinator outages,
                 Alerts alerts, AttemptPlanner planning) {
        this.loop = loop;
        this.outcomes = outcomes;
        this.diagnosis = diagnosis;
        this.outages = outages;
        this.alerts = alerts;
        this.planning = planning;
    }

    @Override
    public void detect(InstanceRecord r, FailureKind failure, HealthSignal trigger) {
        if (r.job != null || r.state() == WorkerState.FAILED || r.stopped() || loop.closing()) {
            return;
        }
        // a predictive action answers a precursor, not a failure: it charges no relapse to the last recovery
        Optional<StrategyKey> relapse = ResourceWatch.PROBE.equals(trigger.probe()) ? Optional.empty()
                : outcomes.relapse(r, trigger);
        InstanceRecord.Incident incident = diagnosis.diagnose(r, failure, trigger, relapse);
        Verdict verdict = outages.verdict(r, failure);
        if (verdict == Verdict.HOLD || verdict == Verdict.TRIPPED) {
            incident.alerted = true;
            return; // one outage, one alert (raised by the guard's trip); no per-instance alert or attempt
        }
        if (verdict == Verdict.WAIT) {
            outages.awaitOthers(r);
            return; // no alert yet either: if others follow, the outage's alert is the one
        }
        if (!incident.alerted) {
            incident.alerted = true;
            alerts.raise(Alerts.severityOf(trigger.status()), "Worker " + r.id + " is "
                    + trigger.status().name().toLowerCase(Locale.ROOT) + " (" + failure + "): " + trigger.reason(),
                    Optional.of(r.id.worker()));
        }
        planning.plan(r, failure, trigger, verdict == Verdict.CANARY, verdict == Verdict.RELEASE);
    }
}
