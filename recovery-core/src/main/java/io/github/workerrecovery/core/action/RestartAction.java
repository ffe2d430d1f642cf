package io.github.workerrecovery.core.action;

import io.github.workerrecovery.api.ActionContext;
import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.RecoveryAction;

/**
 * {@code restart}: kills the instance's whole process tree at once (SIGKILL) and starts a replacement in the same slot. Applies to every failure; the last resort of the default ladder and the only cure for a dead instance.
 */
public final class RestartAction implements RecoveryAction {

    /** Creates the action; it has no settings. */
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
}
