package io.github.workerrecovery.examples;

import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A host application that embeds the library to supervise its own queue consumer, with one probe
 * and one action of its own:
 * <ul>
 *   <li>{@link ConsumerLagProbe}, registered in code on the config builder (it needs the host's
 *       {@link ConsumerGauge});</li>
 *   <li>{@link FlushCacheAction}, built with the host's {@link ConnectionCache} and given to the
 *       config builder with {@code .action(...)}.</li>
 * </ul>
 * Both take the host's objects in their constructors: a plug-in that needs them is built by the
 * host, never reached through a static registry.
 * The consumer's worker allows {@code restart}, then {@code flush_cache}: its own ladder. When the
 * broker drops the connection ({@link io.github.workerrecovery.api.FailureKind#CONNECTION_LOST}),
 * the planner tries {@code restart} first; that does not help, because the dead connection lives
 * in the host's {@link ConnectionCache}, so the planner moves on to {@code flush_cache}, which does. Having
 * learned that (after one sample here, five by default), the next outage goes straight to
 * {@code flush_cache}.
 *
 * <p>Run it with
 * {@code mvn -q -pl recovery-examples exec:java -Ddemo.main=io.github.workerrecovery.examples.HostApplication}.
 * Not thread-safe to construct; the running application is.
 */
public final class HostApplication implements AutoCloseable {

    /** The id of the host's consumer worker. */
    public static final String WORKER = "orders";
    /** Where {@link #main} keeps its files, relative to the working directory. */
    public static final Path DEFAULT_HOME = Path.of("target", "host-home");

    private final ConnectionCache connections = new ConnectionCache();
    private final ConsumerGauge gauge = new ConsumerGauge();
    private final WorkerAutoRecovery recovery;

    /**
     * Wires the library; nothing runs until {@link #start()}.
     *
     * @param home the library's home
     * @param out where recoveries are printed as they happen
     * @throws io.github.workerrecovery.core.RecoveryConfigException when the wiring is invalid,
     *     for example when a worker names an action nobody provides
     */
    public HostApplication(Path home, PrintStream out) {
        this.recovery = new WorkerAutoRecovery(config(home, out));
    }

    private RecoveryConfig config(Path home, PrintStream out) {
        return RecoveryConfig.builder()
                .home(home)
                // short timings so that an outage is handled within a second or two
                .healthCheckInterval(Duration.ofMillis(250))
                .consecutiveChecks(2)
                .verificationInterval(Duration.ofMillis(100))
                .verificationWindow(Duration.ofSeconds(1))
                .restartBackoffBase(Duration.ofMillis(200))
                .restartCooldown(Duration.ofSeconds(2))
                .maxRestartAttempts(5)
                .gracefulStopTimeout(Duration.ofSeconds(1))
                // count a recovery as a success after 2 s healthy, so that the learning shows within
                // seconds; keep the default (60 s) in production
                .probation(Duration.ofSeconds(2))
                .notifiers(List.of("log"))
                .notifier(new ConsoleSageNotifier(out))
                .probe(new ConsumerLagProbe(Map.of(WORKER, gauge)))
                .action(new FlushCacheAction(Map.of(WORKER, connections)))
                .worker(WorkerSpec.builder(WORKER)
                        .inJvm(() -> new OrdersConsumer(connections, gauge))
                        .queues(List.of("orders"))
                        .critical(true)
                        .actions(List.of("restart", FlushCacheAction.NAME))
                        .probe(ConsumerLagProbe.NAME, Map.of("max_lag", 1000))
                        .build())
                .build();
    }

    /** Starts the consumer and its supervision. */
    public void start() {
        recovery.startMonitoring();
    }

    /** Simulates the broker dropping the consumer's connection. */
    public void simulateBrokerOutage() {
        connections.breakCachedConnection();
    }

    /** @return the embedded library */
    public WorkerAutoRecovery recovery() {
        return recovery;
    }

    /** @return the consumer's gauge */
    public ConsumerGauge gauge() {
        return gauge;
    }

    /** @return the host's connection cache */
    public ConnectionCache connections() {
        return connections;
    }

    /**
     * @param action an action's name
     * @return verified successes of that action in the history
     */
    public long successesOf(String action) {
        return recovery.history(HistoryQuery.latest(100)).stream()
                .filter(o -> o.success() && o.action().equals(action))
                .count();
    }

    /** Stops supervision and the consumer. */
    @Override
    public void close() {
        recovery.close();
    }

    /**
     * Runs the host for a few seconds: two broker outages, the first cured after the ladder's
     * {@code restart} failed, the second by {@code flush_cache} straight away.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        PrintStream out = System.out;
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // see DemoMain
        }
        DemoMain.deleteRecursively(DEFAULT_HOME); // start from nothing learned, or the first outage looks like the second
        List<RecoveryOutcome> history;
        try (HostApplication host = new HostApplication(DEFAULT_HOME, out)) {
            out.println("Host application: " + WORKER + " runs in this JVM; its worker allows flush_cache"
                    + " (built by the host with its connection cache) and restart");
            out.println(ConsoleSageNotifier.HEADER);
            host.start();
            waitUntil(() -> host.connections().opened() > 0, Duration.ofSeconds(5));

            out.println("-- the broker drops the connection");
            host.simulateBrokerOutage();
            waitUntil(() -> host.successesOf(FlushCacheAction.NAME) >= 1, Duration.ofSeconds(10));

            out.println("-- the broker drops the connection again");
            host.simulateBrokerOutage();
            waitUntil(() -> host.successesOf(FlushCacheAction.NAME) >= 2, Duration.ofSeconds(10));
            history = host.recovery().history(HistoryQuery.latest(100));
        }
        out.println();
        out.println("History (" + history.size() + " attempts):");
        for (RecoveryOutcome o : history) {
            out.printf("  %-16s %-12s %-6s %s%n", o.failure(), o.action(), o.success() ? "ok" : "failed", o.detail());
        }
    }

    /** Polls a condition; fine for a demo's main thread, not for tests (they use Awaitility). */
    private static void waitUntil(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
