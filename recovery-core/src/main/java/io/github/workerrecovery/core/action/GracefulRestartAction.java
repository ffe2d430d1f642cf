package io.github.workerrecovery.core.action;

import io.github.workerrecovery.api.ActionContext;
import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryActionProvider;

/**
 * {@code graceful_restart}: asks the instance to stop (SIGTERM), waits the graceful-stop timeout, kills what is left of its process tree, and starts a replacement. Applies to a live instance in trouble (not to one that already exited).
 */
public final class GracefulRestartAction implements RecoveryAction {

    /** Stateless; the engine makes it through {@link Provider}. */
    public GracefulRestartAction() {
    }

    @Override
    public String name() {
        return "graceful_restart";
    }

    @Override
    public int cost() {
        return 30;
    }

    @Override
    public boolean appliesTo(FailureKind failure) {
        return failure != FailureKind.PROCESS_EXITED && failure != FailureKind.START_FAILED;
    }

    @Override
    public ActionResult execute(ActionContext context) throws Exception {
        try {
            return ActionResult.done(context.control().gracefulRestart());
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
            return "graceful_restart";
        }

        @Override
        public RecoveryAction create(PluginContext context) {
            return new GracefulRestartAction();
        }
    }
}
