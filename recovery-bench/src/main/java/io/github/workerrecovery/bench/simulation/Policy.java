package io.github.workerrecovery.bench.simulation;

import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.RecoveryConfig.StrategySelection;

/**
 * The two strategy-selection policies the simulation compares, set only through public config so
 * that the simulation measures whatever planner the engine has.
 */
public enum Policy {
    /** The default ladder for the failure kind; statistics are still recorded but never used. */
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
     * Sets the policy on a config builder: {@code strategy_selection: ladder} or {@code learned}.
     *
     * @param builder the config being built
     * @return the builder
     */
    RecoveryConfigBuilder configure(RecoveryConfigBuilder builder) {
        return switch (this) {
            case LADDER -> builder.strategySelection(StrategySelection.LADDER);
            case LEARNED -> builder.strategySelection(StrategySelection.LEARNED);
        };
    }
}
