package io.github.workerrecovery.bench.simulation;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The worlds the simulation plays: which faults occur, how often, and whether a deploy halfway
 * through changes what cures one of them. Weights are percent of fault events and add up to 100.
 */
public enum World {
    /** Each fault its own error pattern and one sure fix; shared outages too (the original world). */
    BASELINE("one pattern, one sure fix", weights(FaultType.BROKEN_CONNECTION, 35, FaultType.LEAK, 25,
            FaultType.CORRUPT_STATE, 25, FaultType.SHARED_OUTAGE, 15), false),
    /** A fix that works only sometimes: a flaky link that a reset cures 70 % of the time and a restart 95 %. */
    PROBABILISTIC("fixes that work with a probability", weights(FaultType.BROKEN_CONNECTION, 35,
            FaultType.FLAKY_LINK, 65), false),
    /** A deploy halfway through: the leak's lines stay, but only a restart cures it from then on. */
    NON_STATIONARY("a deploy changes the cure halfway", weights(FaultType.BROKEN_CONNECTION, 35,
            FaultType.LEAK, 65), true),
    /** Two faults behind one error pattern: a stale pool (reset) 60 %, a deadlock (restart) 40 %. */
    SHARED_PATTERN("two faults share one error pattern", weights(FaultType.BROKEN_CONNECTION, 35,
            FaultType.STALE_POOL, 39, FaultType.DEADLOCK, 26), false),
    /** Costs that matter: a restart always works but loses 30 s of work; a graceful restart works 90 %. */
    COSTLY("a restart loses 30 s of work", weights(FaultType.BROKEN_CONNECTION, 35, FaultType.SLOW_DRAIN, 65), false);

    private final String description;
    private final Map<FaultType, Integer> weights;
    private final boolean deploy;

    World(String description, Map<FaultType, Integer> weights, boolean deploy) {
        this.description = description;
        this.weights = weights;
        this.deploy = deploy;
        if (weights.values().stream().mapToInt(Integer::intValue).sum() != 100) {
            throw new IllegalStateException(name() + ": fault weights must add up to 100");
        }
    }

    private static Map<FaultType, Integer> weights(Object... typeThenWeight) {
        Map<FaultType, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < typeThenWeight.length; i += 2) {
            out.put((FaultType) typeThenWeight[i], (Integer) typeThenWeight[i + 1]);
        }
        return out;
    }

    /** @return the name on the command line and in the tables, e.g. {@code non_stationary} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return what makes it hard, in a few words */
    public String description() {
        return description;
    }

    /**
     * @param afterDeploy whether the deploy has happened (never, in a world without one)
     * @return the faults and their weights, in draw order
     */
    Map<FaultType, Integer> weights(boolean afterDeploy) {
        if (!deploy || !afterDeploy) {
            return weights;
        }
        Map<FaultType, Integer> after = new LinkedHashMap<>();
        weights.forEach((t, w) -> after.put(t == FaultType.LEAK ? FaultType.LEAK_AFTER_DEPLOY : t, w));
        return after;
    }

    /** @return whether a deploy halfway through changes a cure */
    boolean hasDeploy() {
        return deploy;
    }

    /**
     * What the oracle knows when a fault of this type shows its lines: the faults that could be
     * behind them (the same {@link FaultType.Shape}, in the same phase), with their weights.
     *
     * @param type the fault that happened
     * @return the faults of its shape in its phase, by weight
     */
    Map<FaultType, Integer> sameLines(FaultType type) {
        boolean after = type == FaultType.LEAK_AFTER_DEPLOY;
        Map<FaultType, Integer> out = new LinkedHashMap<>();
        weights(after).forEach((t, w) -> {
            if (t.shape() == type.shape()) {
                out.put(t, w);
            }
        });
        return out.isEmpty() ? Map.of(type, 1) : out;
    }

    /**
     * @param label a label as printed, case-insensitive
     * @return the world
     * @throws IllegalArgumentException naming the known worlds
     */
    static World of(String label) {
        for (World w : values()) {
            if (w.label().equalsIgnoreCase(label)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown world '" + label + "' (known: baseline, probabilistic, "
                + "non_stationary, shared_pattern, costly, all)");
    }
}
