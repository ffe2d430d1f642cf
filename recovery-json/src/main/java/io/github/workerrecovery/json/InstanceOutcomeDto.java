package io.github.workerrecovery.json;

import io.github.workerrecovery.api.RecoveryOutcome;

/**
 * A recovery outcome as the control API ({@code POST /recover}) and {@code history --json} show it:
 * the members of a history line ({@link RecoveryOutcomeDto}) after the instance's {@code worker#slot}
 * name, with {@code pattern} and {@code decision} written as {@code null} when there is none, so
 * that every answer has the same members.
 *
 * @param instance {@code worker#slot}
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
public record InstanceOutcomeDto(String instance, String worker, int slot, String failure, String action,
                                 boolean success, String detail, String startedAt, long timeToRecoverMs, int attempt,
                                 boolean manual, String pattern, RecoveryDecisionDto decision) {

    /**
     * @param o an outcome
     * @return its JSON form
     */
    public static InstanceOutcomeDto of(RecoveryOutcome o) {
        return new InstanceOutcomeDto(o.instance().toString(), o.instance().worker().value(), o.instance().slot(),
                o.failure().name(), o.action(), o.success(), o.detail(), o.startedAt().toString(),
                o.timeToRecover().toMillis(), o.attempt(), o.manual(), o.pattern().orElse(null),
                o.decision().map(RecoveryDecisionDto::of).orElse(null));
    }
}
