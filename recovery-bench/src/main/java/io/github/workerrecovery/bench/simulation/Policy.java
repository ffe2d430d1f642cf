package io.github.workerrecovery.bench.simulation;

import io.github.workerrecovery.core.RecoveryConfig;

/**
 * The two strategy-selection policies the simulation compares, set only through public config so
 * that the simulation measures whatever planner the engine has.
 */
public enum Policy {
    /** The default ladder for the failure kind, learning switched off. */
    LADDER("fixed ladder"),
    /** The engine's learned policy, every learning setting at its default. */
    LEARNED("learned");

    private final String label;

    Policy(String label) {
        this.label = label;
    }

    /** @return the name printed in the table */
    public String label() {
        return label;
    }

    /**
     * Sets the policy on a config builder. THE ONE PLACE where the policy is switched: today
     * learning is kept from ever taking over by an unreachable {@code min_samples_to_learn}; once
     * the {@code strategy_selection: ladder|learned} key exists, set that here instead.
     *
     * @param builder the config being built
     * @return the builder
     */
    RecoveryConfig.Builder configure(RecoveryConfig.Builder builder) {
        return switch (this) {
            case LADDER -> builder.minSamplesToLearn(Integer.MAX_VALUE);
            case LEARNED -> builder;
        };
    }
}
