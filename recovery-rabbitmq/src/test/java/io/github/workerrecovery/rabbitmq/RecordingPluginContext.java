package io.github.workerrecovery.rabbitmq;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A plug-in context that records the alerts and heartbeats a provider hands to the engine. */
final class RecordingPluginContext implements PluginContext {

    private final PluginSettings settings;
    private final Path home;
    private final TimeSource time;
    final List<String> alerts = new CopyOnWriteArrayList<>();
    final List<WorkerId> heartbeats = new CopyOnWriteArrayList<>();

    RecordingPluginContext(String provider, Map<String, ?> settings, Path home, TimeSource time) {
        this.settings = PluginSettings.of("plugins." + provider, settings);
        this.home = home;
        this.time = time;
    }

    @Override
    public PluginSettings settings() {
        return settings;
    }

    @Override
    public Path home() {
        return home;
    }

    @Override
    public TimeSource time() {
        return time;
    }

    @Override
    public void alert(AlertSeverity severity, String message) {
        alerts.add(severity.label() + ": " + message);
    }

    @Override
    public void heartbeat(WorkerId worker) {
        heartbeats.add(worker);
    }
}
