package io.github.workerrecovery.testkit;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.TimeSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link PluginContext} for configuring a provider in a unit test: given settings, home and
 * time; alerts are recorded for assertions. Thread-safe.
 */
public final class TestPluginContext implements PluginContext {

    /**
     * An alert a provider raised.
     *
     * @param severity how urgent
     * @param message what it said
     */
    public record RaisedAlert(AlertSeverity severity, String message) {
    }

    private final PluginSettings settings;
    private final Path home;
    private final TimeSource time;
    private final List<RaisedAlert> alerts = new CopyOnWriteArrayList<>();

    /**
     * @param settings the provider's section
     * @param home the home directory
     * @param time the time source
     */
    public TestPluginContext(PluginSettings settings, Path home, TimeSource time) {
        this.settings = settings;
        this.home = home.toAbsolutePath();
        this.time = time;
    }

    /**
     * @param settings the provider's section as a map
     * @param home the home directory
     * @param time the time source
     * @return the context
     */
    public static TestPluginContext of(Map<String, ?> settings, Path home, TimeSource time) {
        return new TestPluginContext(PluginSettings.of("plugins.test", settings), home, time);
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
        alerts.add(new RaisedAlert(severity, message));
    }

    /** @return the alerts raised so far, oldest first */
    public List<RaisedAlert> alerts() {
        return List.copyOf(alerts);
    }
}
