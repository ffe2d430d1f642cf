package io.github.workerrecovery.api;

import java.time.Instant;

/**
 * An event for the sages: one of {@link IncidentAlert}, {@link KnowledgeUpdate},
 * {@link RecoveryTask} or {@link PatternInsight}.
 */
public sealed interface SageEvent permits IncidentAlert, KnowledgeUpdate, RecoveryTask, PatternInsight {

    /** @return which of the four kinds this is */
    SageEventKind kind();

    /** @return how urgent it is; only incidents go above {@link AlertSeverity#LOW} as a rule */
    AlertSeverity severity();

    /** @return one human-readable line */
    String message();

    /** @return when it happened */
    Instant timestamp();
}
