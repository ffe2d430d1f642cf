package io.github.workerrecovery.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What a process start costs on this machine, under this JVM's launch mechanism, with nothing of
 * the library in the way: the floor under the crash-to-replacement and start-up figures.
 *
 * <ul>
 *   <li>One start at a time: {@code ProcessBuilder.start()} and {@code waitFor()} of
 *       {@code /bin/true}, then of {@code setsid /bin/true} (the library's extra exec, which gives
 *       each worker its own process group), alternating, median and 90th percentile.</li>
 *   <li>Many starts: {@code setsid sleep 1000} N times on 1, 2 and 8 threads (the engine's work
 *       pool has 8), started as fast as they go and left running until all are up, as a monitor
 *       starting N workers does; starts per second.</li>
 * </ul>
 *
 * <p>Usage: {@code java [-Djdk.lang.Process.launchMechanism=VFORK] -cp ... SpawnFloorBench
 * [rounds=200] [many=500]}. Linux (needs {@code setsid}); leaves no process behind.
 */
public final class SpawnFloorBench {

    private SpawnFloorBench() {
    }

    /**
     * @param args {@code rounds=..., many=...}
     * @throws Exception when a process cannot be started
     */
    public static void main(String[] args) throws Exception {
        int rounds = 200;
        int many = 500;
        for (String a : args) {
            if (a.startsWith("rounds=")) {
                rounds = BenchArgs.count(a.substring(7), "rounds", 10, 100_000);
            } else if (a.startsWith("many=")) {
                many = BenchArgs.count(a.substring(5), "many", 1, 10_000);
            } else {
                throw new IllegalArgumentException("unknown argument " + a + " (rounds=, many=)");
            }
        }
        String setsid = Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid" : "/bin/setsid";
        System.out.printf(Locale.ROOT, "spawn floor: %d cores, launch mechanism %s, load average %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("jdk.lang.Process.launchMechanism", "JDK default"), BenchHost.loadAverage());
        long[] plain = new long[rounds];
        long[] grouped = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            plain[i] = startAndWait(List.of("/bin/true"));
            grouped[i] = startAndWait(List.of(setsid, "/bin/true"));
        }
        System.out.printf(Locale.ROOT, "| command | median | p90 |%n|---|---:|---:|%n");
        row("/bin/true", plain);
        row("setsid /bin/true", grouped);
        System.out.printf(Locale.ROOT, "%n| %d × `setsid sleep 1000` | threads | took | starts per second |%n"
                + "|---|---:|---:|---:|%n", many);
        for (int threads : new int[] {1, 2, 8}) {
            startMany(List.of(setsid, "sleep", "1000"), many, threads);
        }
        System.out.printf(Locale.ROOT, "load average at the end: %s%n", BenchHost.loadAverage());
    }

    private static long startAndWait(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        return System.nanoTime() - start;
    }

    private static void row(String label, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "| `%s` | %.2f ms | %.2f ms |%n", label, sorted[sorted.length / 2] / 1e6,
                sorted[sorted.length * 9 / 10] / 1e6);
    }

    private static void startMany(List<String> command, int n, int threads) throws Exception {
        List<Process> started = Collections.synchronizedList(new ArrayList<>(n));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                done.add(pool.submit(() -> started.add(new ProcessBuilder(command)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start())));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "| | %d | %.2f s | %.0f |%n", threads, seconds, n / seconds);
        } finally {
            pool.shutdownNow();
            for (Process p : started) {
                p.destroyForcibly();
            }
            for (Process p : started) {
                p.waitFor();
            }
        }
    }
}
