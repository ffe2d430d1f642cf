package io.github.workerrecovery.bench.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the soak's processes in {@code /proc} by the marks in their environment: {@code
 * CHAOS_RUN=<run id>} on everything a worker and its children run, {@code CHAOS_ROLE=main} on
 * the worker itself, {@code CHAOS_ROLE=helper} on its helper child. Needs to read other
 * processes' environment: the same user, or root.
 */
final class ChaosProcesses {

    /** One process of the run. */
    record Found(long pid, String worker, boolean main) {
    }

    private final String runMark;

    /**
     * Whether a process runs: it exists and is not a zombie. {@link ProcessHandle#isAlive()} is
     * true for a zombie, and an orphaned worker that died stays one until the host's init reaps
     * it (here: up to about 1.5 s), so a worker killed while the daemon was down looked alive to
     * the adoption check and its replacement looked like a missed adoption (soak finding 9).
     *
     * @param pid a process id
     * @return whether it runs
     */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    ChaosProcesses(String runId) {
        this.runMark = "CHAOS_RUN=" + runId;
    }

    List<Found> scan() {
        List<Found> found = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path proc : procs) {
                String env;
                try {
                    env = new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.UTF_8);
                } catch (IOException | SecurityException gone) {
                    continue;
                }
                if (!env.contains(runMark)) {
                    continue;
                }
                String worker = null;
                boolean main = false;
                for (String var : env.split("\0")) {
                    if (var.startsWith("CHAOS_ID=")) {
                        worker = var.substring(9);
                    } else if (var.equals("CHAOS_ROLE=main")) {
                        main = true;
                    } else if (var.equals(runMark)) {
                        continue;
                    }
                }
                // a zombie's environment reads empty: it holds nothing, it is not counted
                found.add(new Found(Long.parseLong(proc.getFileName().toString()), worker, main));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return found;
    }
}
