package io.github.workerrecovery.core.action;

import io.github.workerrecovery.api.ActionContext;
import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryActionProvider;

/**
 * {@code scale_up}: starts one more instance of the worker, up to {@code max_instances}. Applies to load problems: queue backlog, high CPU, and unclassified trouble.
 */
public final class ScaleUpAction implements RecoveryAction {

    /** Stateless; the engine makes it through {@link Provider}. */
    public ScaleUpAction() {
    }

    @Override
    public String name() {
        return "scale_up";
    }

    @Override
    public int cost() {
        return 60;
    }

    @Override
    public boolean appliesTo(FailureKind failure) {
        return failure == FailureKind.QUEUE_BACKLOG || failure == FailureKind.HIGH_CPU || failure == FailureKind.UNKNOWN;
    }

    @Override
    public ActionResult execute(ActionContext context) throws Exception {
        return ActionResult.done(context.control().scaleUp());
    }

    /**
     * Makes the action for the engine; found by {@link java.util.ServiceLoader}. Takes no settings.
     * Stateless and thread-safe.
     */
    public static final class Provider implements RecoveryActionProvider {

        /** Found by {@link java.util.ServiceLoader}. */
        public Provider() {
        }

        @Override
        public String name() {
            return "scale_up";
        }

        @Override
        public RecoveryAction create(PluginContext context) {
            return new ScaleUpAction();
        }
    }
}
