package io.github.workerrecovery.cli;

import io.github.workerrecovery.cli.daemon.DaemonLauncher;
import io.github.workerrecovery.cli.daemon.MonitorDaemon;
import io.github.workerrecovery.cli.daemon.WebSettings;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code start}: runs the monitor in the foreground, or with {@code --daemon} in the background. */
@Command(name = "start", mixinStandardHelpOptions = true, versionProvider = WorkerRecoveryCommand.Version.class,
        sortOptions = false,
        description = {"Starts monitoring the configured workers. Runs in the foreground until Ctrl-C or SIGTERM, "
                + "then stops cleanly: workers stopped or left running as on_shutdown says.",
            "With --daemon it runs in the background instead (output in logs/daemon.out, pid in data/daemon.pid) "
                + "and refuses to start a second daemon on the same home."})
final class StartCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "recovery.yaml",
            description = "The config file, YAML or JSON. Default: ${DEFAULT-VALUE}.")
    private Path config;

    @Option(names = "--home", paramLabel = "DIR", description = "Overrides the config's home (where data/ and logs/ live).")
    private Path home;

    @Option(names = "--interval", paramLabel = "SECONDS", converter = DurationConverter.class,
            description = "Overrides the config's health_check_interval: seconds, or a duration such as 500ms or 1m.")
    private Duration interval;

    @Option(names = "--daemon", description = "Run in the background; return once the daemon is ready.")
    private boolean daemon;

    @Option(names = "--web-port", paramLabel = "PORT", defaultValue = "0",
            description = "The port of the dashboard and HTTP API on 127.0.0.1; 0 (the default) for a free one. "
                    + "Its address is printed and recorded in data/control.json (web_url).")
    private int webPort;

    @Option(names = "--no-web", description = "Serve no dashboard or HTTP API (the control API stays).")
    private boolean noWeb;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RecoveryConfig effective = effectiveConfig(config, home, interval);
        WebSettings web;
        try {
            web = new WebSettings(!noWeb, webPort);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (daemon) {
            return DaemonLauncher.launch(config, effective, Optional.ofNullable(interval), web,
                    spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        return new MonitorDaemon(effective, web, spec.commandLine().getOut()).run();
    }

    /**
     * @param file the config file
     * @param home {@code --home}, or null
     * @param interval {@code --interval}, or null
     * @return the file's config with the options that were given in place of its values
     * @throws io.github.workerrecovery.core.RecoveryConfigException when the file or an
     *     override is invalid
     */
    static RecoveryConfig effectiveConfig(Path file, Path home, Duration interval) {
        RecoveryConfig loaded = RecoveryConfig.load(file);
        if (home == null && interval == null) {
            return loaded;
        }
        RecoveryConfigBuilder overridden = RecoveryConfig.from(loaded);
        if (home != null) {
            overridden.home(home);
        }
        if (interval != null) {
            overridden.healthCheckInterval(interval);
        }
        return overridden.build();
    }
}
