package io.github.workerrecovery.core.internal.plugin;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryPlugin;
import io.github.workerrecovery.api.SageEvent;
import io.github.workerrecovery.api.SageNotifier;
import io.github.workerrecovery.api.StrategyStore;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerFleet;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigException;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, checks and configures the providers of the four SPIs: the one place where discovery
 * happens. The rules, stated once:
 * <ul>
 *   <li>Providers come from {@link ServiceLoader} (unless {@code service_loading: false}) and
 *       from the config builder; names are unique per SPI, a duplicate is an error naming both
 *       classes.</li>
 *   <li>A provider class that fails to load or construct is an error naming the class and the
 *       cause.</li>
 *   <li>Probes and actions: all are used. Store: the one registered on the builder, else the
 *       one named by {@code store}. Notifiers: those registered on the builder, plus those named
 *       by {@code notifiers} (default {@code log}, {@code jsonl}, and {@code webhook} when
 *       {@code plugins.webhook.url} is set).</li>
 *   <li>Only providers in use are configured, each once, with its {@code plugins.<name>} section.</li>
 * </ul>
 * All problems are collected and thrown together as one {@link RecoveryConfigException}.
 */
public final class PluginRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);

    private final Map<String, HealthProbe> probes;
    private final Map<String, RecoveryAction> actions;
    private final StrategyStore store;
    private final List<SageNotifier> notifiers;

    private PluginRegistry(Map<String, HealthProbe> probes, Map<String, RecoveryAction> actions,
                           StrategyStore store, List<SageNotifier> notifiers) {
        this.probes = probes;
        this.actions = actions;
        this.store = store;
        this.notifiers = notifiers;
    }

    /**
     * @param config the config
     * @param time the engine's time source
     * @param engine the engine services providers may use
     * @return the configured providers
     * @throws RecoveryConfigException listing every problem
     */
    public static PluginRegistry load(RecoveryConfig config, TimeSource time, EngineLink engine) {
        List<String> problems = new ArrayList<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = PluginRegistry.class.getClassLoader();
        }
        Map<String, HealthProbe> probes = collect(HealthProbe.class, "health probe", config.serviceLoading(),
                loader, config.extraProbes(), problems);
        Map<String, RecoveryAction> actions = collect(RecoveryAction.class, "recovery action", config.serviceLoading(),
                loader, config.extraActions(), problems);
        Map<String, StrategyStore> stores = collect(StrategyStore.class, "strategy store", config.serviceLoading(),
                loader, List.of(), problems);
        Map<String, SageNotifier> notifierPool = collect(SageNotifier.class, "sage notifier", config.serviceLoading(),
                loader, List.of(), problems);

        StrategyStore store = config.extraStore().orElse(null);
        if (store == null) {
            store = stores.get(config.store());
            if (store == null) {
                problems.add("store: unknown strategy store '" + config.store() + "' (known: " + names(stores) + ")");
            }
        }
        List<SageNotifier> notifiers = new ArrayList<>(config.extraNotifiers());
        List<String> wanted = config.notifiers().orElseGet(() -> defaultNotifiers(config));
        for (String name : wanted) {
            SageNotifier n = notifierPool.get(name);
            if (n == null) {
                problems.add("notifiers: unknown notifier '" + name + "' (known: " + names(notifierPool) + ")");
            } else {
                notifiers.add(n);
            }
        }
        for (WorkerSpec w : config.workers()) {
            String path = "workers." + w.id().value();
            for (String a : w.actions()) {
                if (!actions.containsKey(a)) {
                    problems.add(path + ".actions: unknown action '" + a + "' (known: " + names(actions) + ")");
                }
            }
            for (String p : w.probes().keySet()) {
                if (!probes.containsKey(p)) {
                    problems.add(path + ".probes: unknown probe '" + p + "' (known: " + names(probes) + ")");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new RecoveryConfigException(problems);
        }
        List<RecoveryPlugin> inUse = new ArrayList<>();
        inUse.addAll(probes.values());
        inUse.addAll(actions.values());
        inUse.add(store);
        inUse.addAll(notifiers);
        for (RecoveryPlugin p : inUse) {
            try {
                p.configure(new Context(config.pluginSettings(p.name()), config.home(), time, engine));
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                problems.add("plugins." + p.name() + ": provider " + p.getClass().getName()
                        + " cannot be configured: " + describe(e));
            }
        }
        if (!problems.isEmpty()) {
            throw new RecoveryConfigException(problems);
        }
        LOG.info("providers: probes {}, actions {}, store {}, notifiers {}", probes.keySet(), actions.keySet(),
                store.name(), notifiers.stream().map(RecoveryPlugin::name).collect(Collectors.toList()));
        return new PluginRegistry(Map.copyOf(probes), Map.copyOf(actions), store, List.copyOf(notifiers));
    }

    private static List<String> defaultNotifiers(RecoveryConfig config) {
        List<String> names = new ArrayList<>(List.of("log", "jsonl"));
        if (config.pluginSettings("webhook").has("url")) {
            names.add("webhook");
        }
        return names;
    }

    private static <T extends RecoveryPlugin> Map<String, T> collect(Class<T> type, String what, boolean serviceLoading,
                                                                      ClassLoader loader, List<T> extra, List<String> problems) {
        Map<String, T> byName = new LinkedHashMap<>();
        if (serviceLoading) {
            Iterator<ServiceLoader.Provider<T>> it = ServiceLoader.load(type, loader).stream().iterator();
            while (true) {
                ServiceLoader.Provider<T> provider;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    provider = it.next();
                } catch (ServiceConfigurationError e) {
                    // the class named in META-INF/services could not be found or is not a provider
                    problems.add("service loading: " + what + " provider failed to load: " + describe(e)
                            + " (remove it from the classpath or set service_loading: false)");
                    continue;
                }
                T instance;
                try {
                    instance = provider.get();
                } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                    problems.add("service loading: " + what + " provider " + provider.type().getName()
                            + " cannot be constructed: " + describe(e));
                    continue;
                }
                add(byName, instance, what, problems);
            }
        }
        for (T t : extra) {
            add(byName, t, what, problems);
        }
        return byName;
    }

    private static <T extends RecoveryPlugin> void add(Map<String, T> byName, T instance, String what, List<String> problems) {
        String name;
        try {
            name = instance.name();
        } catch (RuntimeException e) {
            problems.add(what + " provider " + instance.getClass().getName() + " has no usable name: " + describe(e));
            return;
        }
        if (name == null || name.isBlank()) {
            problems.add(what + " provider " + instance.getClass().getName() + " has a blank name");
            return;
        }
        T previous = byName.putIfAbsent(name, instance);
        if (previous != null) {
            problems.add("two " + what + "s are named '" + name + "': " + previous.getClass().getName()
                    + " and " + instance.getClass().getName());
        }
    }

    /**
     * @param e an error
     * @return its cause chain in one line
     */
    public static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Throwable t = e;
        int depth = 0;
        while (t != null && depth++ < 4) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                sb.append(": ").append(t.getMessage().lines().findFirst().orElse(""));
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return sb.toString();
    }

    private static String names(Map<String, ?> m) {
        return m.isEmpty() ? "none" : String.join(", ", m.keySet());
    }

    /** @return every probe, by name */
    public Map<String, HealthProbe> probes() {
        return probes;
    }

    /** @return every action, by name */
    public Map<String, RecoveryAction> actions() {
        return actions;
    }

    /** @return the store */
    public StrategyStore store() {
        return store;
    }

    /** @return the notifiers in use */
    public List<SageNotifier> notifiers() {
        return notifiers;
    }

    /** Closes every provider in use, each guarded. */
    public void closeAll() {
        List<RecoveryPlugin> all = new ArrayList<>();
        all.addAll(probes.values());
        all.addAll(actions.values());
        all.add(store);
        for (RecoveryPlugin p : all) {
            try {
                p.close();
            } catch (RuntimeException e) {
                LOG.warn("provider {} failed to close", p.getClass().getName(), e);
            }
        }
    }

    private record Context(PluginSettings settings, Path home, TimeSource time, EngineLink engine) implements PluginContext {
        @Override
        public void alert(AlertSeverity severity, String message) {
            engine.alert(severity, message);
        }

        @Override
        public void heartbeat(WorkerId worker) {
            engine.heartbeat(worker);
        }

        @Override
        public void publish(SageEvent event) {
            engine.publish(event);
        }

        @Override
        public WorkerFleet fleet() {
            return engine.fleet();
        }
    }
}
