package io.github.workerrecovery.core.action;

import io.github.workerrecovery.api.ActionContext;
import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryActionProvider;
/**
 * {@code connection_reset}: asks the running instance to drop and re-open its connections: SIGHUP by default for a process (configurable per worker), {@code onSignal(CONNECTION_RESET)} for an in-JVM worker. Applies to lost connections, error bursts and unresponsiveness.
 */
public final class ConnectionResetAction implements RecoveryAction {

    /** Stateless; the engine makes it through {@link Provider}. */
    public ConnectionResetAction() {
    }

    @Override
    public String name() {
        return "connection_reset";
    }

    @Override
    public int cost() {
        return 10;
    }

    @Override
    public boolean appliesTo(FailureKind failure) {
        return failure == FailureKind.CONNECTION_LOST || failure == FailureKind.HIGH_ERROR_RATE || failure == FailureKind.UNRESPONSIVE || failure == FailureKind.UNKNOWN;
    }

    @Override
    public ActionResult execute(ActionContext context) throws Exception {
        return ActionResult.done(context.control().signal(ControlSignal.CONNECTION_RESET));
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
            return "connection_reset";
        }

        @Override
        public RecoveryAction create(PluginContext context) {
            return new ConnectionResetAction();
        }
    }
}
