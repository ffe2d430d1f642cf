package io.github.workerrecovery.examples;

import io.github.workerrecovery.api.ActionContext;
import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.WorkerId;
import java.io.Flushable;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A host's own recovery action, {@code flush_cache}: empties the cache a worker takes its broker
 * connections from, so that its next poll opens a fresh connection instead of reusing a dead
 * one. Applies to {@link FailureKind#CONNECTION_LOST} only; cost 5 (cheaper than any built-in
 * action).
 *
 * <p>The library finds it only through
 * {@code META-INF/services/io.github.workerrecovery.api.RecoveryAction}: nothing registers it in
 * code. Because {@link java.util.ServiceLoader} builds it with the no-argument constructor, the
 * host hands over its caches through {@link #register(String, Flushable)}, keyed by worker id.
 * With no cache registered for the worker, the action refuses (a failed attempt) rather than
 * pretending.
 *
 * <p>Thread-safe.
 */
public final class FlushCacheAction implements RecoveryAction {

    /** The action's name, as used in a worker's {@code actions} list. */
    public static final String NAME = "flush_cache";

    private static final Map<WorkerId, Flushable> CACHES = new ConcurrentHashMap<>();

    /** Called by {@link java.util.ServiceLoader}. */
    public FlushCacheAction() {
    }

    /**
     * Makes a worker's connection cache reachable to the action.
     *
     * @param workerId the worker whose recoveries may flush it
     * @param cache the cache
     * @return closing it removes this registration (and only this one)
     * @throws IllegalArgumentException when the worker id is not a valid id
     */
    public static Registration register(String workerId, Flushable cache) {
        WorkerId id = WorkerId.of(workerId);
        Objects.requireNonNull(cache, "cache");
        CACHES.put(id, cache);
        return () -> CACHES.remove(id, cache);
    }

    @Override
    public String name() {
        return NAME;
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
    public ActionResult execute(ActionContext context) throws Exception {
        WorkerId worker = context.instance().id().worker();
        Flushable cache = CACHES.get(worker);
        if (cache == null) {
            return ActionResult.refused("no connection cache registered for worker " + worker);
        }
        cache.flush();
        return ActionResult.done("flushed the connection cache of " + worker);
    }

    /** A registration of a cache; {@link #close()} undoes it. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        /** Removes the cache from the action. Idempotent. */
        @Override
        void close();
    }
}
