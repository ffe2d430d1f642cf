package io.github.workerrecovery.core;

import static io.github.workerrecovery.core.PartKeys.row;

import io.github.workerrecovery.core.RecoveryConfig.StrategySelection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How the planner chooses and how outcomes count. Immutable.
 *
 * @param selection {@code strategy_selection}: learned (Thompson sampling per failure kind and
 *     error pattern, default) or ladder (the fixed default ladder)
 * @param probation how long a recovered instance must stay healthy before the recovery counts as
 *     a success of its action; {@code probation}, default 60 s, >= 0 (zero counts it at verification)
 * @param seed the seed of the planner's random draws; {@code learning_seed}, default empty: a
 *     fresh seed per start, written to the log so that a run can be replayed
 * @param minSamplesToLearn deprecated and without effect (the learned choice weighs every attempt
 *     through its Beta posterior); {@code min_samples_to_learn}, default 5, >= 1, kept so that
 *     old files load; reading it logs a warning
 */
public record LearningSettings(StrategySelection selection, Duration probation, OptionalLong seed,
                               int minSamplesToLearn) {

    /** Default of {@code strategy_selection}. */
    public static final StrategySelection DEFAULT_SELECTION = StrategySelection.LEARNED;
    /** Default of {@code probation}. */
    public static final Duration DEFAULT_PROBATION = Duration.ofSeconds(60);
    /** Default of {@code min_samples_to_learn}. */
    public static final int DEFAULT_MIN_SAMPLES_TO_LEARN = 5;
    /** Every default. */
    public static final LearningSettings DEFAULTS = new LearningSettings(DEFAULT_SELECTION, DEFAULT_PROBATION,
            OptionalLong.empty(), DEFAULT_MIN_SAMPLES_TO_LEARN);

    /** The keys of this part, for the file reader and the builder. */
    static final PartKeys<LearningSettings> KEYS = PartKeys.of(LearningSettings.class,
            row("strategy_selection", "selection", ConfigValue.choice(StrategySelection.class)),
            row("probation", "probation", ConfigValue.DURATION),
            row("learning_seed", "seed", ConfigValue.SOME_LONG),
            row("min_samples_to_learn", "minSamplesToLearn", ConfigValue.INT));

    /** @throws NullPointerException when a component is null */
    public LearningSettings {
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(probation, "probation");
        Objects.requireNonNull(seed, "seed");
    }

    /**
     * @param problems where each value out of range is reported
     * @param path where this part sits, empty for the top level
     */
    public void validate(List<String> problems, String path) {
        Validation.nonNegative(problems, Validation.at(path, "probation"), probation);
        Validation.atLeast(problems, Validation.at(path, "min_samples_to_learn"), minSamplesToLearn, 1);
    }
}
