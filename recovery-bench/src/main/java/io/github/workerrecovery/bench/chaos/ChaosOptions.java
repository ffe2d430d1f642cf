package io.github.workerrecovery.bench.chaos;

import io.github.workerrecovery.bench.BenchArgs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The soak's settings, from {@code key=value} arguments.
 *
 * @param duration how long faults are injected (the soak then lets the last ones recover, up to
 *     {@code settle})
 * @param workers worker processes (at least 8: quiet, dependent and faulty ones)
 * @param seed the seed of every random choice: worker roles, fault times, kinds and targets
 * @param faultEvery the mean time between two injected faults (exponentially distributed)
 * @param daemonKills how many times the daemon is killed with SIGKILL and started again
 * @param diskFull whether the data directory is a small tmpfs filled up for a while
 * @param helpers whether each worker starts a helper child (a quarter of them in a session of
 *     their own, {@code setsid}), which must not outlive it
 * @param kinds the faults injected ({@link FaultKind#DEPENDENCY_OUTAGE}: the outages of the shared dependency)
 * @param cliJar the daemon's jar ({@code worker-recovery.jar}); empty: this JVM's class path
 * @param dir where the run's files go; empty: a new temporary directory
 */
public record ChaosOptions(Duration duration, int workers, long seed, Duration faultEvery, int daemonKills,
                           boolean diskFull, boolean helpers, java.util.Set<FaultKind> kinds, Optional<Path> cliJar,
                           Optional<Path> dir) {

    /** The usage line. */
    public static final String USAGE = "usage: ChaosSoak [duration=30m] [workers=24] [seed=42] [fault-every=8s] "
            + "[daemon-kills=N (default one per 10 min, at least 1)] [disk-full=on|off] [helpers=on|off] "
            + "[kinds=kill,exit,hang,leak,errors,spin,slow,dep (default all)] "
            + "[cli=recovery-cli/target/worker-recovery.jar] [dir=DIR]";

    /**
     * @param args the command line
     * @return the options
     * @throws IllegalArgumentException naming the argument that is wrong
     */
    public static ChaosOptions parse(String[] args) {
        Duration duration = Duration.ofMinutes(30);
        int workers = 24;
        long seed = 42;
        Duration faultEvery = Duration.ofSeconds(8);
        Integer kills = null;
        boolean diskFull = true;
        boolean helpers = true;
        Path cli = null;
        Path dir = null;
        java.util.Set<FaultKind> kinds = java.util.EnumSet.allOf(FaultKind.class);
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("argument '" + a + "' is not key=value");
            }
            String key = a.substring(0, eq);
            String v = a.substring(eq + 1);
            switch (key) {
                case "duration" -> duration = duration(v, key);
                case "workers" -> workers = BenchArgs.count(v, key, 8, 500);
                case "seed" -> seed = BenchArgs.number(v, key, Long.MIN_VALUE, Long.MAX_VALUE);
                case "fault-every" -> faultEvery = duration(v, key);
                case "daemon-kills" -> kills = BenchArgs.count(v, key, 0, 100);
                case "disk-full" -> diskFull = onOff(v, key);
                case "kinds" -> kinds = kinds(v);
                case "helpers" -> helpers = onOff(v, key);
                case "cli" -> cli = Path.of(v).toAbsolutePath();
                case "dir" -> dir = Path.of(v).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown argument '" + key + "'");
            }
        }
        int k = kills != null ? kills : (int) Math.max(1, duration.toMinutes() / 10);
        return new ChaosOptions(duration, workers, seed, faultEvery, k, diskFull, helpers, kinds, Optional.ofNullable(cli),
                Optional.ofNullable(dir));
    }

    private static boolean onOff(String v, String key) {
        return switch (v) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(key + " must be on or off but was '" + v + "'");
        };
    }

    private static java.util.Set<FaultKind> kinds(String v) {
        java.util.Set<FaultKind> kinds = java.util.EnumSet.noneOf(FaultKind.class);
        for (String word : v.split(",")) {
            kinds.add(java.util.Arrays.stream(FaultKind.values()).filter(k -> k.word().equals(word.strip()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("kinds: unknown fault '" + word
                            + "' (known: kill, exit, hang, leak, errors, spin, slow, dep)")));
        }
        return kinds;
    }

    /** @return a duration: seconds, or a number with ms, s, m or h */
    static Duration duration(String v, String key) {
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.replaceAll("[smh]$", ""));
            Duration d = v.endsWith("h") ? Duration.ofHours(n) : v.endsWith("m") ? Duration.ofMinutes(n) : Duration.ofSeconds(n);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(key + " must be > 0 but was '" + v + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a duration (90, 90s, 30m, 1h, 500ms) but was '" + v + "'");
        }
    }
}
