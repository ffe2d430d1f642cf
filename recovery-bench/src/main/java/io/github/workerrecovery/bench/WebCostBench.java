package io.github.workerrecovery.bench;

import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.web.RecoveryWebServer;
import io.github.workerrecovery.web.WebOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the dashboard costs the engine: the recovery latency of a real worker process (a
 * {@code sleep}) killed with SIGKILL, timed from the kill until the engine's status shows the
 * replacement's new pid, with no event-stream client and with 20 clients connected to
 * {@code /api/v1/events} (each a socket read by its own thread, as a browser's EventSource is),
 * in the same run, rounds alternating between the two so that drift in the machine's load falls
 * on both alike. Before each kill the replacement is verified HEALTHY (outside the timed window).
 *
 * <pre>
 * java -cp "recovery-bench/target/recovery-bench-0.1.0-SNAPSHOT.jar:recovery-bench/target/lib/*" \
 *     io.github.workerrecovery.bench.WebCostBench [--rounds 40] [--clients 20]
 * </pre>
 */
public final class WebCostBench {

    private static final String USAGE = "usage: WebCostBench [--rounds N (2-10000, default 40)] [--clients C (1-30, default 20)]";
    private static final String WORKER = "w";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private WebCostBench() {
    }

    record Options(int rounds, int clients) {
        static Options parse(String[] args) {
            int rounds = 40;
            int clients = 20;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--rounds" -> rounds = BenchArgs.count(BenchArgs.value(args, ++i, "--rounds"), "--rounds", 2, 10_000);
                    case "--clients" -> clients = BenchArgs.count(BenchArgs.value(args, ++i, "--clients"), "--clients", 1, 30);
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
            return new Options(rounds, clients);
        }
    }

    /**
     * @param args {@code --rounds N --clients C}
     * @throws Exception when the engine or the server cannot run
     */
    public static void main(String[] args) throws Exception {
        Optional<Options> parsed = BenchArgs.parseOrExit(args, "WebCostBench", USAGE, Options::parse);
        if (parsed.isEmpty()) {
            return;
        }
        Options options = parsed.get();
        Path home = Files.createTempDirectory("web-cost-bench");
        RecoveryConfig config = RecoveryConfig.builder().home(home)
                .restartBackoffBase(Duration.ZERO)
                .maxRestartAttempts(1_000_000)
                .verificationInterval(Duration.ofMillis(100))
                .worker(WorkerSpec.builder(WORKER).command(List.of("sleep", "100000")).build())
                .build();
        List<Long> without = new ArrayList<>();
        List<Long> with = new ArrayList<>();
        long streamed = 0;
        System.out.println("load average before: " + BenchHost.loadAverage());
        try (WorkerAutoRecovery recovery = new WorkerAutoRecovery(config);
             RecoveryWebServer web = RecoveryWebServer.start(recovery,
                     WebOptions.defaults().withMaxEventStreams(options.clients() + 2))) {
            recovery.startMonitoring();
            long pid = awaitHealthy(recovery, -1);
            for (int round = 0; round < options.rounds(); round++) {
                boolean clients = round % 2 == 1;
                List<SseClient> open = new ArrayList<>();
                if (clients) {
                    for (int c = 0; c < options.clients(); c++) {
                        open.add(SseClient.connect(web.port()));
                    }
                }
                ProcessHandle victim = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("worker gone"));
                long t0 = System.nanoTime();
                victim.destroyForcibly();
                long replacement = awaitNewPid(recovery, pid);
                long elapsed = System.nanoTime() - t0;
                (clients ? with : without).add(elapsed);
                pid = awaitHealthy(recovery, replacement);
                for (SseClient c : open) {
                    streamed += c.close();
                }
            }
        }
        LatencySummary none = LatencySummary.ofNanos(without.stream().mapToLong(Long::longValue).toArray());
        LatencySummary some = LatencySummary.ofNanos(with.stream().mapToLong(Long::longValue).toArray());
        System.out.println("time from SIGKILL to the replacement's pid in the status, ms");
        System.out.println(LatencySummary.header());
        System.out.println(none.row("0 SSE clients"));
        System.out.println(some.row(options.clients() + " SSE clients"));
        System.out.printf(Locale.ROOT, "ratio of medians (with / without): %.3f; p90 ratio %.3f; the clients read %d bytes of events%n",
                some.medianMs() / none.medianMs(), some.p90Ms() / none.p90Ms(), streamed);
        System.out.println("load average after: " + BenchHost.loadAverage());
    }

    private static long awaitNewPid(WorkerAutoRecovery recovery, long old) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            OptionalLong pid = instance(recovery).map(InstanceStatus::pid).orElse(OptionalLong.empty());
            if (pid.isPresent() && pid.getAsLong() != old) {
                return pid.getAsLong();
            }
            // a short pause: the poll must not compete with the engine for the two cores
            Thread.sleep(1);
        }
        throw new IllegalStateException("no replacement for pid " + old + " within " + TIMEOUT);
    }

    private static long awaitHealthy(WorkerAutoRecovery recovery, long pid) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<InstanceStatus> i = instance(recovery);
            // STARTING: the first process, before the first health check; after a kill the
            // replacement is HEALTHY once verified
            if (i.isPresent() && (i.get().state() == WorkerState.HEALTHY || i.get().state() == WorkerState.STARTING)
                    && i.get().pid().isPresent()
                    && (pid < 0 || i.get().pid().getAsLong() == pid)) {
                return i.get().pid().getAsLong();
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("worker not HEALTHY within " + TIMEOUT + ": " + instance(recovery));
    }

    private static Optional<InstanceStatus> instance(WorkerAutoRecovery recovery) {
        return recovery.getSystemStatus().instancesOf(WORKER).stream().findFirst();
    }

    /** One event-stream client: a socket, its answer's head checked, its events read by a thread. */
    private static final class SseClient {
        private final Socket socket;
        private final Thread reader;
        private final AtomicLong bytes = new AtomicLong();

        private SseClient(Socket socket, Thread reader) {
            this.socket = socket;
            this.reader = reader;
        }

        static SseClient connect(int port) throws IOException {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            BufferedReader head = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String status = head.readLine();
            if (status == null || !status.contains(" 200 ")) {
                socket.close();
                throw new IOException("event stream refused: " + status);
            }
            // past the headers and the stream's first line: the server's thread for this client is
            // then parked waiting for events, so the timed window sees a steady state, not a connect
            String line;
            do {
                line = head.readLine();
            } while (line != null && !line.isEmpty());
            while (line != null && !line.startsWith("retry:")) {
                line = head.readLine();
            }
            if (line == null) {
                socket.close();
                throw new IOException("event stream ended before its first line");
            }
            SseClient[] self = new SseClient[1];
            Thread reader = new Thread(() -> {
                char[] buffer = new char[8192];
                try {
                    int n;
                    while ((n = head.read(buffer)) >= 0) {
                        self[0].bytes.addAndGet(n);
                    }
                } catch (IOException e) {
                    // closed by close()
                }
            }, "sse-client");
            reader.setDaemon(true);
            self[0] = new SseClient(socket, reader);
            reader.start();
            return self[0];
        }

        long close() throws IOException, InterruptedException {
            socket.close();
            reader.join(5_000);
            return bytes.get();
        }
    }
}
