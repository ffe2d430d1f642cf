package io.github.workerrecovery.core.action;

import io.github.workerrecovery.api.ActionContext;
import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryActionProvider;

/**
 * {@code restart}: kills the instance's whole process tree at once (SIGKILL) and starts a replacement in the same slot. Applies to every failure; the last resort of the default ladder and the only cure for a dead instance.
 */
public final class RestartAction implements RecoveryAction {

    /** Stateless; the engine makes it through {@link Provider}. */
    public RestartAction() {
    }

    @Override
    public String name() {
        return "restart";
    }

    @Override
    public int cost() {
        return 40;
    }

    @Override
    public boolean appliesTo(FailureKind failure) {
        return true;
    }

    @Override
    public ActionResult execute(ActionContext context) throws Exception {
        try {
            return ActionResult.done(context.control().restart());
        } catch (UnsupportedOperationException e) {
            // the worker cannot be replaced (a discovered process without restart_command)
            return ActionResult.refused(e.getMessage());
        }
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
            return "restart";
        }

        @Override
        public RecoveryAction create(PluginContext context) {
            return new RestartAction();
        }
    }
}
