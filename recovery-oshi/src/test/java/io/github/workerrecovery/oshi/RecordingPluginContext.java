package io.github.workerrecovery.oshi;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.SageEvent;
import io.github.workerrecovery.api.TimeSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A plug-in context for unit tests that keeps what the provider published for the sages. */
final class RecordingPluginContext implements PluginContext {

    private final PluginSettings settings;
    private final TimeSource time;
    private final List<SageEvent> published = new CopyOnWriteArrayList<>();

    RecordingPluginContext(Map<String, ?> settings, TimeSource time) {
        this.settings = PluginSettings.of("plugins.test", settings);
        this.time = time;
    }

    @Override
    public PluginSettings settings() {
        return settings;
    }

    @Override
    public Path home() {
        return Path.of("target", "test-home").toAbsolutePath();
    }

    @Override
    public TimeSource time() {
        return time;
    }

    @Override
    public void alert(AlertSeverity severity, String message) {
        throw new AssertionError("unexpected alert: " + severity + " " + message);
    }

    @Override
    public void publish(SageEvent event) {
        published.add(event);
    }

    /** @return what was published, oldest first */
    List<SageEvent> published() {
        return List.copyOf(published);
    }
}
