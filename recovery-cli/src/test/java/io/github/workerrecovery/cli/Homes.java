package io.github.workerrecovery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.workerrecovery.cli.daemon.PidFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/** Config files and clean-up for tests that run a daemon on a temporary home. */
final class Homes {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Homes() {
    }

    static Path writeConfig(Path dir, String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    static JsonNode controlFile(Path home) throws IOException {
        return MAPPER.readTree(home.resolve("data/control.json").toFile());
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Leaves nothing running when a test failed half-way: kills the daemon the pid file names
     * and every {@code sleep} worker pid the test saw (checking what the pids run now, in case
     * one was reused).
     */
    static void killLeftovers(Path home, Collection<Long> sleepWorkerPids) throws IOException {
        if (Files.exists(home)) {
            PidFile.liveDaemon(home).ifPresent(ProcessHandle::destroyForcibly);
        }
        sleepWorkerPids.stream().map(ProcessHandle::of).flatMap(java.util.Optional::stream)
                .filter(p -> p.info().command().map(c -> c.endsWith("sleep")).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }
}
