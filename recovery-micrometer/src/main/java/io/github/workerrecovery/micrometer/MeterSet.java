package io.github.workerrecovery.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The meters of one binder and the registries they are registered with: a meter added is
 * registered with every bound registry, a registry bound gets every meter added so far, so that
 * each registry ends up with the same set whatever the order. Each meter has a key (its name and
 * tags, or any value) so that one added twice is registered once. Thread-safe: one lock, held
 * while registering, which is rare (a new tag combination, a new registry).
 */
final class MeterSet {

    private final Map<Object, Function<MeterRegistry, ? extends Meter>> specs = new LinkedHashMap<>();
    private final Map<MeterRegistry, Map<Object, Meter>> bound = new IdentityHashMap<>();

    /**
     * @param register registers the meter with one registry and returns it
     */
    synchronized void add(Function<MeterRegistry, ? extends Meter> register) {
        add(new Object(), register);
    }

    /**
     * @param key what tells this meter from the others
     * @param register registers the meter with one registry and returns it
     * @return false when a meter of this key was added already (nothing is registered then)
     */
    synchronized boolean add(Object key, Function<MeterRegistry, ? extends Meter> register) {
        if (specs.putIfAbsent(key, register) != null) {
            return false;
        }
        bound.forEach((registry, meters) -> meters.put(key, register.apply(registry)));
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
        Map<Object, Meter> meters = new LinkedHashMap<>();
        specs.forEach((key, register) -> meters.put(key, register.apply(registry)));
        bound.put(registry, meters);
    }

    /**
     * @param key a meter's key
     * @param action applied to that meter in every bound registry
     */
    synchronized void each(Object key, Consumer<Meter> action) {
        for (Map<Object, Meter> meters : bound.values()) {
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
