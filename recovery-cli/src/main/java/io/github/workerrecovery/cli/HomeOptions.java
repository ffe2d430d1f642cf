package io.github.workerrecovery.cli;

import io.github.workerrecovery.core.RecoveryConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How the commands other than {@code start} find the daemon's home: {@code --home DIR} wins;
 * else the {@code home} of {@code --config FILE}; else that of {@code ./recovery.yaml} when it
 * exists; else the library's default, {@code ./recovery-home}. So the same {@code --config}
 * (or {@code --home}) given to {@code start} works for every other command.
 */
final class HomeOptions {

    /** The config file {@code start} reads when none is given, and the others look for. */
    static final Path DEFAULT_CONFIG = Path.of("recovery.yaml");

    @Option(names = "--home", paramLabel = "DIR",
            description = "The daemon's home (holds data/ and logs/). Default: the home of the config file.")
    private Path home;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Take the home from this config file. Default: recovery.yaml when it exists, else ./recovery-home.")
    private Path config;

    /**
     * The {@code host_id} of the config file the home is taken from: that of {@code --config},
     * else that of {@code ./recovery.yaml} when no {@code --home} is given. With {@code --home}
     * alone there is none, and the home's {@code data/host-id} holds the id (a daemon started
     * with {@code host_id} records it there).
     *
     * @return the override, if any
     * @throws io.github.workerrecovery.core.RecoveryConfigException when that config file is invalid
     */
    Optional<String> hostIdOverride() {
        if (config != null) {
            return RecoveryConfig.load(config).hostId();
        }
        if (home == null && Files.isRegularFile(DEFAULT_CONFIG)) {
            return RecoveryConfig.load(DEFAULT_CONFIG).hostId();
        }
        return Optional.empty();
    }

    /**
     * The {@code prediction} section of the config file the home is taken from (its consistency
     * rule says which resource differences are stated), else the defaults.
     *
     * @return the section
     * @throws io.github.workerrecovery.core.RecoveryConfigException when that config file is invalid
     */
    io.github.workerrecovery.core.PredictionConfig prediction() {
        if (config != null) {
            return RecoveryConfig.load(config).prediction();
        }
        if (home == null && Files.isRegularFile(DEFAULT_CONFIG)) {
            return RecoveryConfig.load(DEFAULT_CONFIG).prediction();
        }
        return io.github.workerrecovery.core.PredictionConfig.ofDefaults();
    }

    /**
     * @return the home, absolute
     * @throws io.github.workerrecovery.core.RecoveryConfigException when the config file to read
     *     the home from is missing or invalid
     */
    Path home() {
        if (home != null) {
            return home.toAbsolutePath().normalize();
        }
        if (config != null) {
            return RecoveryConfig.load(config).home();
        }
        if (Files.isRegularFile(DEFAULT_CONFIG)) {
            return RecoveryConfig.load(DEFAULT_CONFIG).home();
        }
        return RecoveryConfig.ofDefaults().home();
    }
}
