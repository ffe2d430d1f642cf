package io.github.workerrecovery.api;

/**
 * One way of bringing an instance back to health. Service-provider interface: made by a
 * {@link RecoveryActionProvider} found through
 * {@code META-INF/services/io.github.workerrecovery.api.RecoveryActionProvider}, or built by the
 * host and given to the config builder. Built in: {@code restart}, {@code graceful_restart}, {@code scale_up},
 * {@code connection_reset}, {@code memory_cleanup}.
 *
 * <p>The planner considers an action for a failure when {@link #appliesTo} accepts it and the
 * worker's config allows it; between actions of similar learned odds it prefers the lower
 * {@link #cost}. The engine runs the action off its own thread under the action timeout; a
 * throw or an overrun counts as a failed attempt. Implementations must be thread-safe.
 */
public interface RecoveryAction extends RecoveryPlugin {

    /**
     * @param failure a diagnosis
     * @return whether this action can fix that kind of failure
     */
    boolean appliesTo(FailureKind failure);

    /**
     * How disruptive and expensive the action is, relative to the others: 10 for a signal,
     * 30 for a graceful restart, 40 for a kill-and-restart, 60 for starting another instance.
     *
     * @return the cost, {@code >= 0}
     */
    default int cost() {
        return 50;
    }

    /**
     * Runs the action.
     *
     * @param context the instance, its control and the diagnosis
     * @return what was done; {@link ActionResult#refused} when the action could not do its job
     * @throws Exception when the action failed; counted as a failed attempt
     */
    ActionResult execute(ActionContext context) throws Exception;
}
