package io.github.workerrecovery.bench.prediction;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.event.FailureDetected;
import io.github.workerrecovery.api.event.PatternObserved;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.bench.BenchArgs;
import io.github.workerrecovery.core.PredictionConfig;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.WorkerSpecBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The short real-process run of prediction: real {@code python3} workers under the library with the
 * {@code resources} probe of {@code recovery-oshi}, one health check a second. Leaky workers hold
 * 20 MB with 0 to 6 MB of noise for 40 to 70 s, then leak 16 MB a second and exit with a
 * {@code MemoryError} line at 160 MB; half of them are {@code predictive}, half only have the
 * static threshold ({@code memory_threshold} set to 130 MB of this host's memory). Healthy workers
 * make the same noise and never leak. Counted from the event stream: crashes, static detections,
 * predictive actions, early warnings and their lead before the next crash, early warnings on
 * healthy workers.
 *
 * <pre>{@code
 * java -cp ... io.github.workerrecovery.bench.prediction.PredictionProcessRun [--minutes 8] [--workers 2]
 * }</pre>
 */
public final class PredictionProcessRun {

    private static final String USAGE = "usage: PredictionProcessRun [--minutes M] [--workers N (per kind)]";

    private static final String WORKER = """
            import random, sys, time
            leak = sys.argv[1] == "leak"
            r = random.Random()
            base = b"\\x01" * (20 * 1024 * 1024)
            hold = []
            healthy_for = r.uniform(40, 70)
            start = time.time()
            noise = None
            while True:
                noise = None
                noise = b"\\x01" * (r.randint(0, 6) * 1024 * 1024)
                if leak and time.time() - start > healthy_for:
                    hold.append(b"\\x01" * (8 * 1024 * 1024))
                    if len(hold) * 8 >= 140:
                        sys.stderr.write("MemoryError: cannot allocate the result buffer\\n")
                        sys.stderr.flush()
                        sys.exit(1)
                time.sleep(0.5)
            """;

    record Options(int minutes, int workers) {
    }

    private PredictionProcessRun() {
    }

    /**
     * @param args see the class comment
     * @throws Exception when the workers cannot run
     */
    public static void main(String[] args) throws Exception {
        Options o = BenchArgs.parseOrExit(args, "PredictionProcessRun", USAGE, PredictionProcessRun::parse).orElse(null);
        if (o == null) {
            return;
        }
        Path home = Files.createTempDirectory("prediction-run");
        Path script = Files.writeString(home.resolve("worker.py"), WORKER);
        long totalMemory = ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        double threshold = Math.round(100.0 * 130 * 1024 * 1024 / totalMemory * 100) / 100.0;
        RecoveryConfigBuilder cfg = RecoveryConfig.builder().home(home).healthCheckInterval(Duration.ofSeconds(1))
                .verificationInterval(Duration.ofMillis(500)).verificationWindow(Duration.ofSeconds(10))
                .probation(Duration.ofSeconds(5)).restartBackoffBase(Duration.ofSeconds(1))
                .restartCooldown(Duration.ofSeconds(2)).maxRestartAttempts(50).learningSeed(42)
                .prediction(PredictionConfig.ofDefaults().withWindow(Duration.ofMinutes(1)).withMinFailures(2)
                        .withBaselineHalfLife(Duration.ofMinutes(2)).withHorizon(Duration.ofMinutes(2)));
        List<String> predictive = new ArrayList<>();
        List<String> staticOnly = new ArrayList<>();
        List<String> healthy = new ArrayList<>();
        for (int i = 0; i < o.workers(); i++) {
            predictive.add("leak-predictive-" + i);
            staticOnly.add("leak-static-" + i);
            healthy.add("healthy-" + i);
        }
        for (String id : predictive) {
            cfg.worker(leaky(id, script, threshold).predictive(true).build());
        }
        for (String id : staticOnly) {
            cfg.worker(leaky(id, script, threshold).predictive(false).build());
        }
        for (String id : healthy) {
            cfg.worker(WorkerSpec.builder(id).command("python3", script.toString(), "steady").memoryThreshold(threshold)
                    .actions(List.of("graceful_restart", "restart")).build());
        }
        Map<String, List<String>> log = new ConcurrentHashMap<>();
        System.out.printf(Locale.ROOT, "%d min; per kind %d workers; memory_threshold %.2f %% (130 MB of %d MB); one check a second; load %s%n",
                o.minutes(), o.workers(), threshold, totalMemory >> 20, loadAverage());
        Instant started = Instant.now();
        try (WorkerAutoRecovery recovery = new WorkerAutoRecovery(cfg.build())) {
            recovery.events().subscribe(e -> record(e, log));
            recovery.startMonitoring();
            Thread.sleep(Duration.ofMinutes(o.minutes()).toMillis());
        } finally {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        System.out.printf(Locale.ROOT, "ran %.1f min; load %s%n", Duration.between(started, Instant.now()).toMillis() / 60000.0,
                loadAverage());
        System.out.println("| workers | crashes | static detections | predictive actions | early warnings | median lead of a warning before a crash |");
        System.out.println("|---|---|---|---|---|---|");
        print("leaky, predictive", predictive, log);
        print("leaky, static threshold only", staticOnly, log);
        print("healthy, noisy", healthy, log);
    }

    private static WorkerSpecBuilder leaky(String id, Path script, double threshold) {
        return WorkerSpec.builder(id).command("python3", script.toString(), "leak").memoryThreshold(threshold)
                .actions(List.of("graceful_restart", "restart"));
    }

    /** Each worker's events of interest, as "kind@epochMillis". */
    private static void record(RecoveryEvent e, Map<String, List<String>> log) {
        if (e instanceof FailureDetected f) {
            String kind = f.reason().startsWith("predicted ") ? "predictive"
                    : f.failure() == FailureKind.HIGH_MEMORY ? "static" : f.failure() == FailureKind.PROCESS_EXITED ? "crash" : "other";
            add(log, f.instance().worker().value(), kind, f.at());
        } else if (e instanceof PatternObserved p && p.insight().patternId().startsWith("drift:")) {
            add(log, p.insight().worker().map(w -> w.value()).orElse("?"), "warning", p.at());
        }
    }

    private static void add(Map<String, List<String>> log, String worker, String kind, Instant at) {
        log.computeIfAbsent(worker, w -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(kind + "@" + at.toEpochMilli());
    }

    private static void print(String label, List<String> workers, Map<String, List<String>> log) {
        Map<String, Integer> counts = new TreeMap<>();
        List<Double> leads = new ArrayList<>();
        for (String w : workers) {
            List<String> events = new ArrayList<>(log.getOrDefault(w, List.of()));
            Long warning = null;
            for (String ev : events) {
                String kind = ev.substring(0, ev.indexOf('@'));
                long at = Long.parseLong(ev.substring(ev.indexOf('@') + 1));
                counts.merge(kind, 1, Integer::sum);
                if (kind.equals("warning") && warning == null) {
                    warning = at;
                } else if (kind.equals("crash") && warning != null) {
                    leads.add((at - warning) / 1000.0);
                    warning = null;
                } else if (!kind.equals("warning")) {
                    warning = null;
                }
            }
        }
        leads.sort(null);
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %s |%n", label, counts.getOrDefault("crash", 0),
                counts.getOrDefault("static", 0), counts.getOrDefault("predictive", 0), counts.getOrDefault("warning", 0),
                leads.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f s (%d)", leads.get(leads.size() / 2), leads.size()));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    static Options parse(String[] args) {
        int minutes = 8;
        int workers = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Integer.parseInt(BenchArgs.value(args, ++i, "--minutes"));
                case "--workers" -> workers = Integer.parseInt(BenchArgs.value(args, ++i, "--workers"));
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        return new Options(minutes, workers);
    }
}
