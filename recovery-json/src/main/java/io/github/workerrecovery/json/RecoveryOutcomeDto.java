package io.github.workerrecovery.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.WorkerId;
import java.time.Duration;
import java.util.Optional;

/**
 * One line of {@code data/recovery_history.jsonl}: a recovery outcome.
 * <pre>{@code
 * {"worker":"w","slot":0,"failure":"PROCESS_EXITED","action":"restart","success":true,
 *  "detail":"...","started_at":"2026-01-01T00:00:00Z","time_to_recover_ms":120,"attempt":1,
 *  "manual":false,"pattern":"1f0c2ab4","decision":{"policy":"learned","chosen":"restart",...}}
 * }</pre>
 * Times to recover are whole milliseconds; {@code pattern} and {@code decision} (see
 * {@link RecoveryDecisionDto}) are left out when there is none, and read as none when absent, as
 * older lines have them.
 *
 * @param worker the worker id
 * @param slot the instance's slot
 * @param failure the failure kind's Java name
 * @param action the action's name
 * @param success whether it worked
 * @param detail what happened
 * @param startedAt ISO-8601 instant
 * @param timeToRecoverMs whole milliseconds
 * @param attempt which attempt it was
 * @param manual whether an operator asked for it
 * @param pattern the failure's error pattern id, or {@code null}
 * @param decision why the action was chosen, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecoveryOutcomeDto(String worker, Long slot, String failure, String action, Boolean success,
                                 String detail, String startedAt, Long timeToRecoverMs, Long attempt, Boolean manual,
                                 String pattern, RecoveryDecisionDto decision) {

    /**
     * @param o an outcome
     * @return its history line's record
     */
    public static RecoveryOutcomeDto of(RecoveryOutcome o) {
        return new RecoveryOutcomeDto(o.instance().worker().value(), (long) o.instance().slot(), o.failure().name(),
                o.action(), o.success(), o.detail(), o.startedAt().toString(), o.timeToRecover().toMillis(),
                (long) o.attempt(), o.manual(), o.pattern().orElse(null),
                o.decision().map(RecoveryDecisionDto::of).orElse(null));
    }

    /**
     * @param o an outcome
     * @return its history line, without the line terminator
     */
    public static String toLine(RecoveryOutcome o) {
        return RecoveryJson.toLine(of(o));
    }

    /**
     * @param line one line of the history file
     * @return the outcome
     * @throws IllegalArgumentException one line saying why the line is unreadable
     */
    public static RecoveryOutcome readLine(String line) {
        JsonNode node = RecoveryJson.parse(line);
        if (!node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return RecoveryJson.bind(node, RecoveryOutcomeDto.class).toOutcome();
    }

    /**
     * @return the outcome
     * @throws IllegalArgumentException naming the member that is missing or invalid
     */
    public RecoveryOutcome toOutcome() {
        return new RecoveryOutcome(
                new InstanceId(WorkerId.of(Fields.nonBlank(worker, "worker")), Fields.nonNegativeInt(slot, "slot")),
                Fields.failureKind(failure),
                Fields.nonBlank(action, "action"),
                Fields.required(success, "success"),
                Fields.required(detail, "detail"),
                Fields.instant(startedAt, "started_at"),
                Duration.ofMillis(Fields.nonNegative(timeToRecoverMs, "time_to_recover_ms")),
                Fields.nonNegativeInt(attempt, "attempt"),
                Fields.required(manual, "manual"),
                Fields.optionalNonBlank(pattern, "pattern"),
                Optional.ofNullable(decision).map(RecoveryDecisionDto::toDecision));
    }
}
