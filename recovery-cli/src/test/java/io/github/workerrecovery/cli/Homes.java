package io.github.workerrecovery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.workerrecovery.cli.daemon.PidFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
     * Leaves nothing running when a test failed half-way: asks the daemon the pid file names to
     * stop (SIGTERM, so that it stops its workers), then kills what is left of it, of its
     * descendants, and of the {@code sleep} worker pids the test saw (checking what those pids
     * run now, in case one was reused).
     */
    static void killLeftovers(Path home, Collection<Long> sleepWorkerPids) throws Exception {
        Optional<ProcessHandle> daemon = Files.exists(home) ? PidFile.liveDaemon(home) : Optional.empty();
        if (daemon.isPresent()) {
            List<ProcessHandle> descendants = daemon.get().descendants().toList();
            daemon.get().destroy();
            try {
                daemon.get().onExit().get(15, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                daemon.get().destroyForcibly();
            }
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
        sleepWorkerPids.stream().map(ProcessHandle::of).flatMap(Optional::stream)
                .filter(p -> p.info().command().map(c -> c.endsWith("sleep")).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }
}
