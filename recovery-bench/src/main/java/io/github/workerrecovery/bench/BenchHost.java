package io.github.workerrecovery.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What every benchmark report says about the machine it ran on. */
public final class BenchHost {

    private BenchHost() {
    }

    /** @return the 1, 5 and 15 minute load averages (Linux), or "unknown": a loaded machine skews a run */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
