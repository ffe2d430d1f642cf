package io.github.workerrecovery.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.RecoveryTask;

/**
 * A {@link RecoveryTask} on the wire: a recovery queued, started or done; a done task adds its
 * outcome's {@code success}, {@code time_to_recover_ms} and {@code attempt}.
 *
 * @param kind always {@code task}
 * @param severity the task's priority label
 * @param message the text
 * @param timestamp when, ISO-8601
 * @param instance {@code worker#slot}
 * @param worker the worker id
 * @param slot the instance's slot
 * @param action the action's name
 * @param failure the failure kind's Java name
 * @param stage {@code QUEUED}, {@code STARTED} or {@code DONE}
 * @param success whether it worked, {@code null} until done
 * @param timeToRecoverMs how long it took in whole milliseconds, {@code null} until done
 * @param attempt which attempt it was, {@code null} until done
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecoveryTaskDto(String kind, String severity, String message, String timestamp, String instance,
                              String worker, int slot, String action, String failure, String stage, Boolean success,
                              Long timeToRecoverMs, Integer attempt) implements SageEventDto {

    /**
     * @param t a task
     * @return its wire form
     */
    public static RecoveryTaskDto of(RecoveryTask t) {
        RecoveryOutcome o = t.outcome().orElse(null);
        return new RecoveryTaskDto(t.kind().label(), t.severity().label(), t.message(), t.timestamp().toString(),
                t.instance().toString(), t.instance().worker().value(), t.instance().slot(), t.action(),
                t.failure().name(), t.stage().name(),
                o == null ? null : o.success(),
                o == null ? null : o.timeToRecover().toMillis(),
                o == null ? null : o.attempt());
    }
}
