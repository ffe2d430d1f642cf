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
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.RecoveryConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plug-ins one engine uses, created from a {@link PluginCatalog}: only those in use, each
 * once, from its checked {@code plugins.<name>} section. A provider whose {@code create} throws
 * is a {@link RecoveryConfigException} naming the provider's class and the cause; problems found
 * by the catalog (which {@link RecoveryConfigBuilder#build()} already reported) are reported
 * again, as the classpath may have changed since. Immutable once loaded.
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
     * @param engine the engine services plug-ins may use
     * @return the created plug-ins
     * @throws RecoveryConfigException listing every problem
     */
    public static PluginRegistry load(RecoveryConfig config, TimeSource time, EngineLink engine) {
        List<String> problems = new ArrayList<>();
        PluginCatalog catalog = PluginCatalog.check(config, problems);
        if (!problems.isEmpty()) {
            throw new RecoveryConfigException(problems);
        }
        List<RecoveryPlugin> created = new ArrayList<>();
        Creator creator = new Creator(config, time, engine, problems, created);
        Map<String, HealthProbe> probes = new LinkedHashMap<>();
        catalog.probes().forEach((name, c) -> creator.create(c).ifPresent(p -> probes.put(name, p)));
        Map<String, RecoveryAction> actions = new LinkedHashMap<>();
        catalog.actions().forEach((name, c) -> creator.create(c).ifPresent(a -> actions.put(name, a)));
        StrategyStore store = config.plugins().readyStore()
                .or(() -> creator.create(catalog.stores().get(config.plugins().store())))
                .orElse(null);
        List<SageNotifier> notifiers = new ArrayList<>(config.plugins().readyNotifiers());
        for (String name : PluginCatalog.notifierNames(config)) {
            creator.create(catalog.notifiers().get(name)).ifPresent(notifiers::add);
        }
        if (!problems.isEmpty()) {
            // what was made before the failure may hold threads or connections
            created.forEach(PluginRegistry::closeQuietly);
            throw new RecoveryConfigException(problems);
        }
        LOG.info("providers: probes {}, actions {}, store {}, notifiers {}", probes.keySet(), actions.keySet(),
                store.name(), notifiers.stream().map(RecoveryPlugin::name).collect(Collectors.toList()));
        return new PluginRegistry(Map.copyOf(probes), Map.copyOf(actions), store, List.copyOf(notifiers));
    }

    /** Creates candidates with their contexts, collecting failures as problems. */
    private record Creator(RecoveryConfig config, TimeSource time, EngineLink engine, List<String> problems,
                           List<RecoveryPlugin> created) {

        <P extends RecoveryPlugin> Optional<P> create(PluginCandidate<P> candidate) {
            try {
                P plugin = candidate.factory().create(
                        new Context(config.plugins().settings(candidate.name()), config.home(), time, engine,
                                config.hostId()));
                if (plugin == null) {
                    problems.add("plugins." + candidate.name() + ": provider " + candidate.source().getName()
                            + " created nothing (null)");
                    return Optional.empty();
                }
                created.add(plugin);
                return Optional.of(plugin);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                problems.add("plugins." + candidate.name() + ": provider " + candidate.source().getName()
                        + " cannot create its plug-in: " + describe(e));
                return Optional.empty();
            }
        }
    }

    private static void closeQuietly(RecoveryPlugin plugin) {
        try {
            plugin.close();
        } catch (RuntimeException e) {
            LOG.warn("provider {} failed to close", plugin.getClass().getName(), e);
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

    private record Context(PluginSettings settings, Path home, TimeSource time, EngineLink engine,
                           Optional<String> hostIdOverride) implements PluginContext {

        /** Resolved when a plug-in asks (most never do): reads or makes {@code data/host-id}. */
        @Override
        public Optional<String> hostId() {
            try {
                return Optional.of(io.github.workerrecovery.core.store.HostIdentity.resolve(home, hostIdOverride, time));
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warn("could not read or make this host's id under {}", home, e);
                return Optional.empty();
            }
        }

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
