package io.github.workerrecovery.core;

import static io.github.workerrecovery.core.PartKeys.row;

import io.github.workerrecovery.core.RecoveryConfig.OrphanPolicy;
import io.github.workerrecovery.core.RecoveryConfig.ShutdownPolicy;
import java.util.List;
import java.util.Objects;

/**
 * What the monitor does with workers when it closes, and with instances a previous run left.
 * Immutable.
 *
 * @param onShutdown {@code on_shutdown}: stop (default) or leave the workers on close
 * @param onOrphans {@code on_orphans}: adopt (default) or stop instances of a previous run
 */
public record LifecycleSettings(ShutdownPolicy onShutdown, OrphanPolicy onOrphans) {

    /** Default of {@code on_shutdown}. */
    public static final ShutdownPolicy DEFAULT_ON_SHUTDOWN = ShutdownPolicy.STOP;
    /** Default of {@code on_orphans}. */
    public static final OrphanPolicy DEFAULT_ON_ORPHANS = OrphanPolicy.ADOPT;
    /** Every default. */
    public static final LifecycleSettings DEFAULTS = new LifecycleSettings(DEFAULT_ON_SHUTDOWN, DEFAULT_ON_ORPHANS);

    /** The keys of this part, for the file reader and the builder. */
    static final PartKeys<LifecycleSettings> KEYS = PartKeys.of(LifecycleSettings.class,
            row("on_shutdown", "onShutdown", ConfigValue.choice(ShutdownPolicy.class)),
            row("on_orphans", "onOrphans", ConfigValue.choice(OrphanPolicy.class)));

    /** @throws NullPointerException when a component is null */
    public LifecycleSettings {
        Objects.requireNonNull(onShutdown, "onShutdown");
        Objects.requireNonNull(onOrphans, "onOrphans");
    }

    /**
     * Nothing to check: both are enums.
     *
     * @param problems unused
     * @param path unused
     */
    public void validate(List<String> problems, String path) {
        // every value of an enum is valid
    }
}
