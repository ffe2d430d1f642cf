package io.github.workerrecovery.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters of one binder and the registries they are registered with: a meter added is
 * registered with every bound registry, a registry bound gets every meter added so far, so that
 * each registry ends up with the same set whatever the order. Each meter has a key (its name and
 * tags, or any value) so that one added twice is registered once. A registry that refuses a meter
 * (a host's meter of the same name and another type, a filter that throws) is logged and skipped
 * for that meter, so the other meters and registries go on. Thread-safe: one lock, held while
 * registering, which is rare (a new tag combination, a new registry).
 */
final class MeterSet {

    private static final Logger LOG = LoggerFactory.getLogger(MeterSet.class);

    private final Map<Key, Function<MeterRegistry, ? extends Meter>> specs = new LinkedHashMap<>();
    private final Map<MeterRegistry, Map<Key, Meter>> bound = new IdentityHashMap<>();

    /**
     * A meter's name and tags: what tells it from the others.
     *
     * @param name the meter's name
     * @param tags its tags
     */
    record Key(String name, Tags tags) {
        @Override
        public String toString() {
            return name + tags.stream().map(t -> t.getKey() + "=" + t.getValue()).toList();
        }
    }

    /**
     * @param key the meter's name and tags
     * @param register registers the meter with one registry and returns it
     * @return false when a meter of this key was added already (nothing is registered then)
     */
    synchronized boolean add(Key key, Function<MeterRegistry, ? extends Meter> register) {
        if (specs.putIfAbsent(key, register) != null) {
            return false;
        }
        bound.forEach((registry, meters) -> register(registry, meters, key, register));
        return true;
    }

    /**
     * Registers every meter added so far with the registry, and every later one too.
     *
     * @param registry the registry; binding it again does nothing
     */
    synchronized void bind(MeterRegistry registry) {
        if (bound.containsKey(registry)) {
            return;
        }
        Map<Key, Meter> meters = new LinkedHashMap<>();
        specs.forEach((key, register) -> register(registry, meters, key, register));
        bound.put(registry, meters);
    }

    private static void register(MeterRegistry registry, Map<Key, Meter> meters, Key key,
                                 Function<MeterRegistry, ? extends Meter> register) {
        try {
            meters.put(key, register.apply(registry));
        } catch (RuntimeException e) {
            LOG.warn("{} refused a worker recovery meter ({}); it is left out of that registry",
                    registry.getClass().getSimpleName(), key, e);
        }
    }

    /**
     * @param key a meter's key
     * @param action applied to that meter in every bound registry
     */
    synchronized void each(Key key, Consumer<Meter> action) {
        for (Map<Key, Meter> meters : bound.values()) {
            Meter meter = meters.get(key);
            if (meter != null) {
                action.accept(meter);
            }
        }
    }

    /** Removes every meter from every registry it was registered with, and forgets the registries. */
    synchronized void unbindAll() {
        bound.forEach((registry, meters) -> meters.values().forEach(registry::remove));
        bound.clear();
    }
}
