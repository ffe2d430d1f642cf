package io.github.workerrecovery.api.event;

import java.time.Instant;

/**
 * One thing that happened in a recovery engine. Immutable. Every event carries the engine's
 * {@link #sequence() sequence number} (1, 2, 3, ... without gaps per engine, in the order the
 * engine did things) and the {@link #at() time} from the engine's injected clock, so a consumer
 * can resume after the last sequence it saw without a gap or a duplicate.
 *
 * <p>Take the kinds you need with {@code instanceof} (or a pattern switch on a newer Java); new
 * kinds may be added before 1.0, so let others pass.
 */
public sealed interface RecoveryEvent permits InstanceStateChanged, FailureDetected, RecoveryDecided, ActionStarted,
        ActionEnded, RecoveryVerdict, RecoveryRelapsed, ProbationPassed, AlertRaised, RecoveryHeld, OutageOpened,
        OutageEnded, KnowledgeChanged, PatternObserved, TaskReported {

    /** @return the engine's sequence number of this event, from 1, one more than the previous event */
    long sequence();

    /** @return when it happened, on the engine's time source */
    Instant at();

    /** @return a short kebab-case name of the kind, as used in JSON and Server-Sent Events (e.g. {@code state-changed}) */
    String type();
}
