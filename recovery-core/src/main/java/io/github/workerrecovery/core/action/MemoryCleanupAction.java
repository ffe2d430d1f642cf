package io.github.workerrecovery.core.action;

import io.github.workerrecovery.api.ActionContext;
import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.ControlSignal;
/**
 * {@code memory_cleanup}: asks the running instance to release memory: SIGUSR1 by default for a process (configurable per worker), {@code onSignal(MEMORY_CLEANUP)} for an in-JVM worker. Applies to high memory.
 */
public final class MemoryCleanupAction implements RecoveryAction {

    /** Creates the action; it has no settings. */
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
}
