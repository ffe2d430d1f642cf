package io.github.workerrecovery.examples;

import io.github.workerrecovery.api.ActionContext;
import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.WorkerId;
import java.io.Flushable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A host's own recovery action, {@code flush_cache}: empties the cache a worker takes its broker
 * connections from, so that its next poll opens a fresh connection instead of reusing a dead
 * one. Applies to {@link FailureKind#CONNECTION_LOST} only; cost 5 (cheaper than any built-in
 * action).
 *
 * <p>It needs the host's own objects (its caches), so the host builds it with them and gives it
 * to the config builder: {@code .action(new FlushCacheAction(Map.of("orders", cache)))}. No
 * {@code META-INF/services} entry and no static registry: {@link java.util.ServiceLoader} is for
 * plug-ins that can be made from their config section alone. A worker without a cache here makes
 * the action refuse (a failed attempt) rather than pretend.
 *
 * <p>Immutable and thread-safe (as thread-safe as the caches' {@code flush}).
 */
public final class FlushCacheAction implements RecoveryAction {

    /** The action's name, as used in a worker's {@code actions} list. */
    public static final String NAME = "flush_cache";

    private final Map<WorkerId, Flushable> caches;

    /**
     * @param cachesByWorker the connection cache of each worker whose recoveries may flush it
     * @throws IllegalArgumentException when a key is not a valid worker id
     * @throws NullPointerException when a cache is null
     */
    public FlushCacheAction(Map<String, ? extends Flushable> cachesByWorker) {
        Map<WorkerId, Flushable> copy = new LinkedHashMap<>();
        cachesByWorker.forEach((worker, cache) -> copy.put(WorkerId.of(worker), Objects.requireNonNull(cache, "cache")));
        this.caches = Map.copyOf(copy);
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
        Flushable cache = caches.get(worker);
        if (cache == null) {
            return ActionResult.refused("no connection cache given for worker " + worker);
        }
        cache.flush();
        return ActionResult.done("flushed the connection cache of " + worker);
    }
}
