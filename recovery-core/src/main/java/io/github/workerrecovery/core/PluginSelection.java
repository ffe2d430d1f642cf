package io.github.workerrecovery.core;

import static io.github.workerrecovery.core.PartKeys.row;

import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.PluginProvider;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.SageNotifier;
import io.github.workerrecovery.api.StrategyStore;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the plug-ins come from and what they are told: discovery, the store's name, each
 * provider's {@code plugins.<name>} section, and what the host added on the builder. Which
 * notifiers are used is {@link NotificationSettings#notifiers()}. Immutable (the ready-made
 * plug-ins themselves are the host's).
 *
 * @param serviceLoading whether providers are found with {@link java.util.ServiceLoader};
 *     {@code service_loading}, default true
 * @param store the name of the strategy store provider; {@code store}, default {@code json}
 * @param sections each provider's section, by provider name; {@code plugins}, default none
 * @param providers providers the host added, in addition to those ServiceLoader finds
 * @param readyProbes probes the host built, used in addition to the providers' probes
 * @param readyActions actions the host built, used in addition to the providers' actions
 * @param readyNotifiers notifiers the host built, always used
 * @param readyStore a store the host built, used instead of the one named by {@code store}
 */
public record PluginSelection(boolean serviceLoading, String store, Map<String, PluginSettings> sections,
                              List<PluginProvider<?>> providers, List<HealthProbe> readyProbes,
                              List<RecoveryAction> readyActions, List<SageNotifier> readyNotifiers,
                              Optional<StrategyStore> readyStore) {

    /** Default of {@code service_loading}. */
    public static final boolean DEFAULT_SERVICE_LOADING = true;
    /** Default of {@code store}. */
    public static final String DEFAULT_STORE = "json";
    /** Every default: discovery on, the json store, nothing added. */
    public static final PluginSelection DEFAULTS = new PluginSelection(DEFAULT_SERVICE_LOADING, DEFAULT_STORE, Map.of(),
            List.of(), List.of(), List.of(), List.of(), Optional.empty());

    /** The keys of this part, for the file reader and the builder ({@code plugins} is read apart). */
    static final PartKeys<PluginSelection> KEYS = PartKeys.of(PluginSelection.class,
            row("service_loading", "serviceLoading", ConfigValue.BOOLEAN),
            row("store", "store", ConfigValue.TEXT));

    /**
     * Copies the collections.
     *
     * @throws NullPointerException when a component is null
     */
    public PluginSelection {
        Objects.requireNonNull(store, "store");
        sections = Map.copyOf(sections);
        providers = List.copyOf(providers);
        readyProbes = List.copyOf(readyProbes);
        readyActions = List.copyOf(readyActions);
        readyNotifiers = List.copyOf(readyNotifiers);
        Objects.requireNonNull(readyStore, "readyStore");
    }

    /**
     * @param name a provider's name
     * @return its section, empty (with the path {@code plugins.<name>}) when absent
     */
    public PluginSettings settings(String name) {
        PluginSettings s = sections.get(name);
        return s != null ? s : PluginSettings.of("plugins." + name, Map.of());
    }

    /**
     * @param problems where each value out of range is reported
     * @param path where this part sits, empty for the top level
     */
    public void validate(List<String> problems, String path) {
        if (store.isBlank()) {
            problems.add(Validation.at(path, "store") + ": must be a non-empty text value");
        }
    }
}
