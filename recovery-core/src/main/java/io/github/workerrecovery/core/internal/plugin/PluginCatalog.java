package io.github.workerrecovery.core.internal.plugin;

import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.PluginProvider;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryPlugin;
import io.github.workerrecovery.api.SageNotifier;
import io.github.workerrecovery.api.SettingsSpec;
import io.github.workerrecovery.api.StrategyStore;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every plug-in a config can use, found once: the one place where discovery happens, and the
 * checks of the config against what was found. The rules, stated once:
 * <ul>
 *   <li>Providers come from {@link ServiceLoader} (unless {@code service_loading: false}) and
 *       from the config builder; names are unique per type, a duplicate is a problem naming both
 *       classes. Probes and actions built by the host join them under the same rule.</li>
 *   <li>A provider class that fails to load or construct is a problem naming the class and the
 *       cause.</li>
 *   <li>Probes and actions: all are used. Store: the one built by the host, else the provider
 *       named by {@code store}. Notifiers: those built by the host, plus the providers named by
 *       {@code notifiers} (default {@code log}, {@code jsonl}, and {@code webhook} when
 *       {@code plugins.webhook.url} is set).</li>
 *   <li>Every {@code plugins.<name>} section belongs to a known plug-in and is checked against its
 *       declared settings; every worker's probe sections against the probe's worker settings;
 *       every action and probe a worker names exists.</li>
 * </ul>
 * Problems are added to a list so that {@link RecoveryConfigBuilder#build()} reports them with
 * every other config problem. Not thread-safe; made and used by one thread.
 */
public final class PluginCatalog {

    private final Map<String, PluginCandidate<HealthProbe>> probes;
    private final Map<String, PluginCandidate<RecoveryAction>> actions;
    private final Map<String, PluginCandidate<StrategyStore>> stores;
    private final Map<String, PluginCandidate<SageNotifier>> notifiers;

    private PluginCatalog(Map<String, PluginCandidate<HealthProbe>> probes,
                          Map<String, PluginCandidate<RecoveryAction>> actions,
                          Map<String, PluginCandidate<StrategyStore>> stores,
                          Map<String, PluginCandidate<SageNotifier>> notifiers) {
        this.probes = probes;
        this.actions = actions;
        this.stores = stores;
        this.notifiers = notifiers;
    }

    /**
     * Finds the plug-ins of a config and checks the config against them.
     *
     * @param config the config, its own values already checked
     * @param problems where every problem found is added, with its path
     * @return the catalog; when problems were added, it holds what could be found
     */
    public static PluginCatalog check(RecoveryConfig config, List<String> problems) {
        PluginCatalog catalog = discover(config, problems);
        catalog.checkSections(config, problems);
        catalog.checkSelection(config, problems);
        for (WorkerSpec w : config.workers()) {
            catalog.checkWorker(w, problems);
        }
        return catalog;
    }

    private static PluginCatalog discover(RecoveryConfig config, List<String> problems) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = PluginCatalog.class.getClassLoader();
        }
        boolean serviceLoading = config.plugins().serviceLoading();
        List<PluginProvider<?>> given = config.plugins().providers();
        var probes = collect(PluginKind.PROBE, serviceLoading, loader, given, problems);
        for (HealthProbe p : config.plugins().readyProbes()) {
            addInstance(probes, PluginKind.PROBE, p, problems);
        }
        var actions = collect(PluginKind.ACTION, serviceLoading, loader, given, problems);
        for (RecoveryAction a : config.plugins().readyActions()) {
            addInstance(actions, PluginKind.ACTION, a, problems);
        }
        var stores = collect(PluginKind.STORE, serviceLoading, loader, given, problems);
        var notifiers = collect(PluginKind.NOTIFIER, serviceLoading, loader, given, problems);
        return new PluginCatalog(probes, actions, stores, notifiers);
    }

    private static <P extends RecoveryPlugin> Map<String, PluginCandidate<P>> collect(
            PluginKind<P> kind, boolean serviceLoading, ClassLoader loader, List<PluginProvider<?>> given,
            List<String> problems) {
        Map<String, PluginCandidate<P>> byName = new LinkedHashMap<>();
        if (serviceLoading) {
            Iterator<? extends ServiceLoader.Provider<? extends PluginProvider<P>>> it =
                    ServiceLoader.load(kind.service(), loader).stream().iterator();
            while (true) {
                ServiceLoader.Provider<? extends PluginProvider<P>> found;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    found = it.next();
                } catch (ServiceConfigurationError e) {
                    // the class named in META-INF/services could not be found or is not a provider
                    problems.add("service loading: " + kind.what() + " provider failed to load: " + PluginRegistry.describe(e)
                            + " (remove it from the classpath or set service_loading: false)");
                    continue;
                }
                PluginProvider<P> provider;
                try {
                    provider = found.get();
                } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                    problems.add("service loading: " + kind.what() + " provider " + found.type().getName()
                            + " cannot be constructed: " + PluginRegistry.describe(e));
                    continue;
                }
                addProvider(byName, kind, provider, problems);
            }
        }
        for (PluginProvider<?> p : given) {
            if (kind.service().isInstance(p)) {
                @SuppressWarnings("unchecked") // isInstance checked the service type, whose P is this kind's
                PluginProvider<P> provider = (PluginProvider<P>) p;
                addProvider(byName, kind, provider, problems);
            }
        }
        return byName;
    }

    private static <P extends RecoveryPlugin> void addProvider(Map<String, PluginCandidate<P>> byName, PluginKind<P> kind,
                                                               PluginProvider<P> provider, List<String> problems) {
        PluginCandidate<P> candidate;
        try {
            // name() and the specs are the provider's own code: a throw is that provider's problem only
            candidate = PluginCandidate.of(usableName(provider.name(), kind, provider, problems), provider);
        } catch (RuntimeException | LinkageError e) {
            problems.add(kind.what() + " provider " + provider.getClass().getName() + " cannot declare its name and settings: "
                    + PluginRegistry.describe(e));
            return;
        }
        if (candidate.name() != null) {
            add(byName, kind, candidate, problems);
        }
    }

    private static <P extends RecoveryPlugin> void addInstance(Map<String, PluginCandidate<P>> byName, PluginKind<P> kind,
                                                               P instance, List<String> problems) {
        Optional<PluginCandidate<P>> candidate = instanceCandidate(kind, instance, problems);
        candidate.ifPresent(c -> add(byName, kind, c, problems));
    }

    private static <P extends RecoveryPlugin> Optional<PluginCandidate<P>> instanceCandidate(
            PluginKind<P> kind, P instance, List<String> problems) {
        try {
            String name = usableName(instance.name(), kind, instance, problems);
            return name == null ? Optional.empty() : Optional.of(PluginCandidate.ofInstance(name, instance));
        } catch (RuntimeException e) {
            problems.add(kind.what() + " provider " + instance.getClass().getName() + " has no usable name: "
                    + PluginRegistry.describe(e));
            return Optional.empty();
        }
    }

    private static String usableName(String name, PluginKind<?> kind, Object source, List<String> problems) {
        if (name == null || name.isBlank()) {
            problems.add(kind.what() + " provider " + source.getClass().getName() + " has a blank name");
            return null;
        }
        return name;
    }

    private static <P extends RecoveryPlugin> void add(Map<String, PluginCandidate<P>> byName, PluginKind<P> kind,
                                                       PluginCandidate<P> candidate, List<String> problems) {
        PluginCandidate<P> previous = byName.putIfAbsent(candidate.name(), candidate);
        if (previous != null) {
            problems.add("two " + kind.what() + "s are named '" + candidate.name() + "': " + previous.source().getName()
                    + " and " + candidate.source().getName());
        }
    }

    private void checkSections(RecoveryConfig config, List<String> problems) {
        Map<String, List<SettingsSpec>> specs = new LinkedHashMap<>();
        for (Map<String, ? extends PluginCandidate<?>> pool : List.of(probes, actions, stores, notifiers)) {
            pool.forEach((name, c) -> specs.computeIfAbsent(name, k -> new ArrayList<>()).add(c.settings()));
        }
        // Ready-made store and notifiers are not looked up by name, but a section named after them is theirs.
        config.plugins().readyStore().flatMap(s -> instanceCandidate(PluginKind.STORE, s, problems))
                .ifPresent(c -> specs.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(c.settings()));
        for (SageNotifier n : config.plugins().readyNotifiers()) {
            instanceCandidate(PluginKind.NOTIFIER, n, problems)
                    .ifPresent(c -> specs.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(c.settings()));
        }
        new TreeMap<>(config.plugins().sections()).forEach((name, section) -> {
            List<SettingsSpec> declared = specs.get(name);
            if (declared == null) {
                problems.add("plugins." + name + ": no provider named '" + name + "' (known: "
                        + String.join(", ", new TreeSet<>(specs.keySet())) + ")");
            } else {
                // a name shared by plug-ins of different types shares one section: each checks it
                declared.stream().distinct().forEach(spec -> spec.check(section, problems));
            }
        });
    }

    private void checkSelection(RecoveryConfig config, List<String> problems) {
        if (config.plugins().readyStore().isEmpty() && !stores.containsKey(config.plugins().store())) {
            problems.add("store: unknown strategy store '" + config.plugins().store() + "' (known: " + names(stores) + ")");
        }
        for (String name : notifierNames(config)) {
            if (!notifiers.containsKey(name)) {
                problems.add("notifiers: unknown notifier '" + name + "' (known: " + names(notifiers) + ")");
            }
        }
    }

    private void checkWorker(WorkerSpec w, List<String> problems) {
        String path = "workers." + w.rawId();
        for (String a : w.actions()) {
            if (!actions.containsKey(a)) {
                problems.add(path + ".actions: unknown action '" + a + "' (known: " + names(actions) + ")");
            }
        }
        // sorted: the worker's map has no order, and problems must read the same on every run
        new TreeMap<>(w.probes()).forEach((name, section) -> {
            PluginCandidate<HealthProbe> probe = probes.get(name);
            if (probe == null) {
                problems.add(path + ".probes: unknown probe '" + name + "' (known: " + names(probes) + ")");
            } else {
                probe.workerSettings().check(withoutImplicitSwitch(probe.workerSettings(), section, problems), problems);
            }
        });
    }

    /**
     * {@code enabled} is the switch every probe section takes: the reader writes it for the list
     * form ({@code probes: [name]}) and for {@code name: true}. A probe that does not declare it (a
     * ready-made probe with no settings) must still accept it, so it is checked here, as a boolean,
     * and left out of the probe's own check.
     */
    private static PluginSettings withoutImplicitSwitch(SettingsSpec spec, PluginSettings section, List<String> problems) {
        if (!section.has("enabled") || spec.setting("enabled").isPresent()) {
            return section;
        }
        Object value = section.asMap().get("enabled");
        if (!(value instanceof Boolean)) {
            problems.add(section.path() + ".enabled: must be true or false but was '" + value + "'");
        }
        Map<String, Object> rest = new LinkedHashMap<>(section.asMap());
        rest.remove("enabled");
        return PluginSettings.of(section.path(), rest);
    }

    /**
     * @param config the config
     * @return the names of the notifier providers to use: {@code notifiers}, or the defaults
     */
    static List<String> notifierNames(RecoveryConfig config) {
        return config.notifications().notifiers().orElseGet(() -> {
            List<String> names = new ArrayList<>(List.of("log", "jsonl"));
            if (config.plugins().settings("webhook").has("url")) {
                names.add("webhook");
            }
            return names;
        });
    }

    Map<String, PluginCandidate<HealthProbe>> probes() {
        return probes;
    }

    Map<String, PluginCandidate<RecoveryAction>> actions() {
        return actions;
    }

    Map<String, PluginCandidate<StrategyStore>> stores() {
        return stores;
    }

    Map<String, PluginCandidate<SageNotifier>> notifiers() {
        return notifiers;
    }

    /** Sorted, so that a message does not depend on the order of the classpath. */
    private static String names(Map<String, ?> m) {
        return m.isEmpty() ? "none" : String.join(", ", new TreeSet<>(m.keySet()));
    }
}
