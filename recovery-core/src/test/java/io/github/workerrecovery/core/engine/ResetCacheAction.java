package io.github.workerrecovery.core.engine;

import io.github.workerrecovery.api.ActionContext;
import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryActionProvider;
import java.util.concurrent.atomic.AtomicInteger;

/** A custom action known to the engine only through the test classpath's META-INF/services (its {@link Provider}). */
public final class ResetCacheAction implements RecoveryAction {

    static final AtomicInteger RUNS = new AtomicInteger();

    /** Made by {@link Provider}. */
    public ResetCacheAction() {
    }

    @Override
    public String name() {
        return "reset_cache";
    }

    @Override
    public int cost() {
        return 5;
    }

    @Override
    public boolean appliesTo(FailureKind failure) {
        return failure == FailureKind.CONNECTION_LOST;
    }

    @Override
    public ActionResult execute(ActionContext context) {
        RUNS.incrementAndGet();
        return ActionResult.done("cache of " + context.instance().id() + " reset");
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
            return "reset_cache";
        }

        @Override
        public RecoveryAction create(PluginContext context) {
            return new ResetCacheAction();
        }
    }
}
