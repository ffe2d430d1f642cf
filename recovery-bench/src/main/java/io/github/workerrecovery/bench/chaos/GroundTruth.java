package io.github.workerrecovery.bench.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * Whether a worker is doing its work, from the worker itself rather than from the daemon: its
 * heartbeat file names a live pid, says {@code ok}, and was written within {@link #FRESH_MILLIS}
 * (the worker writes it every 0.5 s).
 */
final class GroundTruth {

    static final long FRESH_MILLIS = 1500;

    /** What the heartbeat file said. */
    record Seen(long pid, String state, boolean up) {
    }

    static Seen read(Path heartbeat, long nowMillis) {
        try {
            FileTime modified = Files.getLastModifiedTime(heartbeat);
            String[] f = Files.readString(heartbeat).strip().split(" ");
            long pid = Long.parseLong(f[0]);
            String state = f.length > 1 ? f[1] : "?";
            boolean alive = ChaosProcesses.running(pid);
            boolean fresh = nowMillis - modified.toMillis() <= FRESH_MILLIS;
            return new Seen(pid, state, alive && fresh && state.equals("ok"));
        } catch (IOException | RuntimeException missingOrTorn) {
            // not written yet, or read while being rewritten: down for this sample
            return new Seen(-1, "?", false);
        }
    }
}
