package io.github.workerrecovery.core.process;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A manual measurement, not a test (surefire does not run it): with the runtime alone, (1) the
 * time from SIGKILL of a worker to its replacement's first line in its log file, the replacement
 * started from the exit event as the engine does; (2) the time from a worker writing an error
 * line to {@code errorsPerMinute()} counting it. Both are observed the same way, by spinning on
 * the file size or the counter, so any output design can be compared with it.
 *
 * <p>Run: {@code java -cp <test-classes>:<classes>:<deps> io.github.workerrecovery.core.process.OutputLatencyHarness [runs]}
 */
public final class OutputLatencyHarness {

    private static final WorkerId WORKER = WorkerId.of("bench");
    private static final InstanceId SLOT = new InstanceId(WORKER, 0);
    private static final TimeSource TIME = TimeSource.system();

    private OutputLatencyHarness() {
    }

    /**
     * @param args optional: how many kills and error lines (default 200)
     * @throws Exception when a step fails
     */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path dir = Files.createTempDirectory("output-latency");
        System.out.println("kill -> replacement's first line in the log file, " + runs + " runs: "
                + summary(restartLatencies(dir.resolve("restart"), runs)));
        System.out.println("error line written -> counted by errorsPerMinute(), " + runs + " lines: "
                + summary(errorLatencies(dir.resolve("errors"), runs)));
        System.exit(0);
    }

    private static List<Long> restartLatencies(Path dir, int runs) throws Exception {
        Files.createDirectories(dir);
        Path script = executable(dir.resolve("ready.sh"), "#!/bin/sh\necho \"ready $$\"\nexec sleep 600\n");
        ProcessWorkerRuntime runtime = new ProcessWorkerRuntime(
                ProcessSpec.builder(WORKER, List.of("/bin/sh", script.toString()), dir).build(), TIME);
        Path out = runtime.spec().stdoutLog(0);
        AtomicReference<ProcessRunningWorker> current = new AtomicReference<>(runtime.start(SLOT));
        awaitSize(out, 1);
        List<Long> micros = new ArrayList<>();
        for (int run = 0; run < runs + 10; run++) {
            ProcessRunningWorker worker = current.get();
            long before = Files.size(out);
            worker.onExit().thenRun(() -> {
                try {
                    current.set(runtime.start(SLOT));
                } catch (Exception e) {
                    e.printStackTrace();
                }
            });
            long start = TIME.nanoTime();
            worker.toHandle().destroyForcibly();
            awaitSize(out, before + 1);
            long took = TIME.nanoTime() - start;
            if (run >= 10) { // the first ones warm the JIT up
                micros.add(TimeUnit.NANOSECONDS.toMicros(took));
            }
            // the replacement can print before start() has returned: wait until it is the current
            // one, or the next round would kill a dead process and spawn a second replacement
            while (current.get() == worker) {
                LockSupport.parkNanos(20_000);
            }
            awaitContains(out, before, '\n');
        }
        current.get().kill();
        return micros;
    }

    private static List<Long> errorLatencies(Path dir, int runs) throws Exception {
        Files.createDirectories(dir);
        Path fifo = dir.resolve("lines.fifo");
        if (new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("mkfifo failed");
        }
        Path script = executable(dir.resolve("echo-errors.sh"),
                "#!/bin/sh\nwhile read -r line; do echo \"ERROR $line\" >&2; done < \"$1\"\n");
        ProcessWorkerRuntime runtime = new ProcessWorkerRuntime(
                ProcessSpec.builder(WORKER, List.of("/bin/sh", script.toString(), fifo.toString()), dir).build(), TIME);
        ProcessRunningWorker worker = runtime.start(SLOT);
        List<Long> micros = new ArrayList<>();
        try (OutputStream lines = Files.newOutputStream(fifo)) {
            for (int run = 0; run < runs + 10; run++) {
                // a random pause, so that the writes do not fall into step with any polling
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextInt(0, 120)));
                double counted = worker.errorsPerMinute().orElseThrow();
                long start = TIME.nanoTime();
                lines.write((run + "\n").getBytes(StandardCharsets.UTF_8));
                lines.flush();
                while (worker.errorsPerMinute().orElseThrow() <= counted) {
                    LockSupport.parkNanos(20_000);
                }
                long took = TIME.nanoTime() - start;
                if (run >= 10) {
                    micros.add(TimeUnit.NANOSECONDS.toMicros(took));
                }
            }
        }
        worker.kill();
        return micros;
    }

    private static void awaitSize(Path file, long atLeast) throws IOException {
        while (!Files.exists(file) || Files.size(file) < atLeast) {
            LockSupport.parkNanos(20_000);
        }
    }

    private static void awaitContains(Path file, long from, char c) throws IOException {
        while (true) {
            byte[] bytes = Files.readAllBytes(file);
            for (int i = (int) from; i < bytes.length; i++) {
                if (bytes[i] == c) {
                    return;
                }
            }
            LockSupport.parkNanos(100_000);
        }
    }

    private static Path executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        if (!file.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + file + " executable");
        }
        return file;
    }

    private static String summary(List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "median %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms",
                at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), sorted.get(sorted.size() - 1) / 1000.0);
    }

    private static double at(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1000.0;
    }
}
