package io.github.workerrecovery.core.action;

import io.github.workerrecovery.api.ActionContext;
import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryActionProvider;
/**
 * {@code memory_cleanup}: asks the running instance to release memory: SIGUSR1 by default for a process (configurable per worker), {@code onSignal(MEMORY_CLEANUP)} for an in-JVM worker. Applies to high memory.
 */
public final class MemoryCleanupAction implements RecoveryAction {

    /** Stateless; the engine makes it through {@link Provider}. */
    public MemoryCleanupAction() {
    }

    @Override
    public String name() {
        return "memory_cleanup";
    }

    @Override
    public int cost() {
        return 10;
    }

    @Override
    public boolean appliesTo(FailureKind failure) {
        return failure == FailureKind.HIGH_MEMORY;
    }

    @Override
    public ActionResult execute(ActionContext context) throws Exception {
        return ActionResult.done(context.control().signal(ControlSignal.MEMORY_CLEANUP));
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
            return "memory_cleanup";
        }

        @Override
        public RecoveryAction create(PluginContext context) {
            return new MemoryCleanupAction();
        }
    }
}
