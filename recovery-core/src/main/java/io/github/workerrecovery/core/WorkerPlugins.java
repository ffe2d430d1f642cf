package io.github.workerrecovery.core;

import static io.github.workerrecovery.core.PartKeys.row;

import io.github.workerrecovery.api.PluginSettings;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The plug-ins a worker uses: the actions the planner may choose from and the probes switched on,
 * with the worker's section for each. Names are checked against the providers found, together with
 * the rest of the config, by the plug-in catalog. Immutable.
 *
 * @param actions {@code actions}: the allowed actions, in the order the planner tries them before
 *     anything is learned, each once; default empty: all, in the default ladder's order
 * @param probes {@code probes}: the worker's section of each probe switched on, by name;
 *     each section's path is {@code workers.<id>.probes.<name>}; default none
 */
public record WorkerPlugins(List<String> actions, Map<String, PluginSettings> probes) {

    /** The defaults: every action, no probe of the worker's own. */
    public static final WorkerPlugins DEFAULTS = new WorkerPlugins(List.of(), Map.of());

    /** The keys of this part, for the file reader and the builder. */
    static final PartKeys<WorkerPlugins> KEYS = PartKeys.of(WorkerPlugins.class,
            row("actions", "actions", ConfigValue.TEXT_LIST),
            row("probes", "probes", ConfigValue.PROBES));

    /** Drops repeated action names (the first place counts) and copies both. */
    public WorkerPlugins {
        actions = List.copyOf(new LinkedHashSet<>(actions));
        probes = Map.copyOf(probes);
    }

    /**
     * @param name a probe's name
     * @param section the worker's section for it
     * @return a copy with that probe switched on
     */
    public WorkerPlugins withProbe(String name, PluginSettings section) {
        Map<String, PluginSettings> all = new LinkedHashMap<>(probes);
        all.put(name, section);
        return new WorkerPlugins(actions, all);
    }
}
