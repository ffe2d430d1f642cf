package io.github.workerrecovery.bench;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.postgres.FleetDatabase;
import io.github.workerrecovery.postgres.FleetMembership;
import io.github.workerrecovery.postgres.FleetSettings;
import io.github.workerrecovery.postgres.PostgresStrategyStore;
import io.github.workerrecovery.testkit.TestPluginContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fleet's write path on a real PostgreSQL (issue 16's load generator): simulated hosts, each
 * a real {@link PostgresStrategyStore} with its own home and outbox, append history records as
 * fast as the journal's fsync allows (as the engine's store lane would in a fleet-wide outage);
 * then simulated hosts renew leases (each renewal with its sweep) in a closed loop.
 *
 * <p>Prints: journal appends per second and their latency (what a recovery waits for), records
 * committed in the database per second over the same window, the delivery lag (append to commit)
 * from the database's own timestamps, and lease renewals per second with their latency. The
 * database is {@code RECOVERY_PG_URL} / {@code RECOVERY_PG_USER} / {@code RECOVERY_PG_PASSWORD}
 * (default the tests' {@code recovery_test}); everything is written in a fresh schema, dropped at
 * the end. Bounded in time: the phases last {@code --seconds} each, the drain at most 60 s.
 *
 * <pre>{@code
 * java -cp "recovery-bench/target/recovery-bench-0.1.0-SNAPSHOT.jar:recovery-bench/target/lib/*" \
 *     io.github.workerrecovery.bench.FleetWriteBench --hosts 8 --renewers 4 --seconds 20
 * }</pre>
 */
public final class FleetWriteBench {

    private static final String USAGE = "usage: FleetWriteBench [--hosts N (1-64, default 8)]"
            + " [--renewers N (1-32, default 4)] [--seconds S (1-600, default 20)]";

    private record Options(int hosts, int renewers, int seconds) {
    }

    private FleetWriteBench() {
    }

    /**
     * @param args see the usage
     * @throws Exception when the database cannot be used
     */
    public static void main(String[] args) throws Exception {
        Options o = BenchArgs.parseOrExit(args, "FleetWriteBench", USAGE, FleetWriteBench::parse).orElse(null);
        if (o == null) {
            return;
        }
        String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        env.putIfAbsent(FleetSettings.URL_ENV, "jdbc:postgresql://127.0.0.1:5432/recovery_test");
        env.putIfAbsent(FleetSettings.USER_ENV, "recovery_test");
        env.putIfAbsent(FleetSettings.DEFAULT_PASSWORD_ENV, "recovery_test");
        Path root = Files.createTempDirectory("fleet-write-bench");
        System.out.printf(Locale.ROOT, "fleet write path: %d host(s) appending for %d s, then %d renewer(s) for %d s,"
                + " schema %s, %d cores%n", o.hosts, o.seconds, o.renewers, o.seconds, schema,
                Runtime.getRuntime().availableProcessors());
        try {
            history(o, schema, env, root);
            leases(o, schema, env);
        } finally {
            try (FleetDatabase db = new FleetDatabase(settings(schema, "cleanup", env, 1));
                 Connection c = db.connection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static void history(Options o, String schema, Map<String, String> env, Path root) throws Exception {
        List<PostgresStrategyStore> stores = new ArrayList<>();
        for (int h = 0; h < o.hosts; h++) {
            Path home = Files.createDirectories(root.resolve("host-" + h));
            Map<String, Object> section = section(schema, "bench-host-" + h, 2);
            stores.add(PostgresStrategyStore.open(new TestPluginContext(PluginSettings.of("plugins.postgres", section),
                    home, TimeSource.system()), FleetSettings.from(PluginSettings.of("plugins.postgres", section), env)));
        }
        // the schema is migrated by the first delivery: wait for it, outside the measured window
        stores.get(0).appendHistory(outcome(0, 0));
        long waitUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (stores.get(0).pendingRecords() > 0 && System.nanoTime() < waitUntil) {
            Thread.sleep(20);
        }
        Instant start = dbNow(schema, env);
        long end = System.nanoTime() + Duration.ofSeconds(o.seconds).toNanos();
        List<long[]> latencies = new ArrayList<>();
        AtomicLong appended = new AtomicLong();
        CountDownLatch done = new CountDownLatch(o.hosts);
        for (int h = 0; h < o.hosts; h++) {
            PostgresStrategyStore store = stores.get(h);
            long[] samples = new long[500_000];
            latencies.add(samples);
            int host = h;
            Thread t = new Thread(() -> {
                int n = 0;
                try {
                    while (System.nanoTime() < end && n < samples.length) {
                        long t0 = System.nanoTime();
                        store.appendHistory(outcome(host, n + 1));
                        samples[n++] = System.nanoTime() - t0;
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    appended.addAndGet(n);
                    samples[samples.length - 1] = n;
                    done.countDown();
                }
            }, "bench-host-" + h);
            t.start();
        }
        done.await();
        Instant stop = dbNow(schema, env);
        long pendingAtStop = stores.stream().mapToLong(PostgresStrategyStore::pendingRecords).sum();
        long drainUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (stores.stream().anyMatch(s -> s.pendingRecords() > 0) && System.nanoTime() < drainUntil) {
            Thread.sleep(50);
        }
        stores.forEach(PostgresStrategyStore::close);

        int total = (int) appended.get();
        long[] all = new long[total];
        int k = 0;
        for (long[] samples : latencies) {
            int n = (int) samples[samples.length - 1];
            System.arraycopy(samples, 0, all, k, n);
            k += n;
        }
        double window = Duration.between(start, stop).toNanos() / 1e9;
        try (FleetDatabase db = new FleetDatabase(settings(schema, "reader", env, 1)); Connection c = db.connection();
             PreparedStatement q = c.prepareStatement("SELECT count(*) FILTER (WHERE written_at <= ?),"
                     + " count(*),"
                     + " percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM written_at - started_at)),"
                     + " percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM written_at - started_at))"
                     + " FROM fleet_history WHERE written_at >= ?")) {
            q.setTimestamp(1, java.sql.Timestamp.from(stop));
            q.setTimestamp(2, java.sql.Timestamp.from(start));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                System.out.println(LatencySummary.header());
                System.out.println(LatencySummary.ofNanos(all).row("journal append (fsync)"));
                System.out.printf(Locale.ROOT, "appended %d records in %.1f s: %.0f/s; committed in the database"
                                + " within the window %d: %.0f/s; all committed after the drain: %d of %d%n",
                        total, window, total / window, rs.getLong(1), rs.getLong(1) / window, rs.getLong(2), total);
                System.out.printf(Locale.ROOT, "delivery lag append->commit: median %.1f ms, p99 %.1f ms;"
                        + " outbox backlog when appends stopped: %d%n", rs.getDouble(3) * 1000, rs.getDouble(4) * 1000,
                        pendingAtStop);
            }
        }
    }

    private static void leases(Options o, String schema, Map<String, String> env) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(o.seconds).toNanos();
        List<long[]> latencies = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(o.renewers);
        try (FleetDatabase db = new FleetDatabase(settings(schema, "renewers", env, o.renewers))) {
            for (int r = 0; r < o.renewers; r++) {
                long[] samples = new long[500_000];
                latencies.add(samples);
                FleetMembership member = new FleetMembership(db, "lease-host-" + r,
                        new TestPluginContext(PluginSettings.empty(), Path.of("."), TimeSource.system()));
                Thread t = new Thread(() -> {
                    int n = 0;
                    try {
                        while (System.nanoTime() < end && n < samples.length - 1) {
                            long t0 = System.nanoTime();
                            if (member.renewNow()) {
                                samples[n++] = System.nanoTime() - t0;
                            }
                        }
                    } finally {
                        samples[samples.length - 1] = n;
                        done.countDown();
                    }
                }, "renewer-" + r);
                t.start();
            }
            done.await();
        }
        int total = latencies.stream().mapToInt(s -> (int) s[s.length - 1]).sum();
        long[] all = new long[total];
        int k = 0;
        for (long[] samples : latencies) {
            int n = (int) samples[samples.length - 1];
            System.arraycopy(samples, 0, all, k, n);
            k += n;
        }
        System.out.println(LatencySummary.ofNanos(all).row("lease renewal + sweep"));
        System.out.printf(Locale.ROOT, "lease renewals (each with its sweep): %d in %d s: %.0f/s%n", total, o.seconds,
                total / (double) o.seconds);
    }

    private static RecoveryOutcome outcome(int host, int n) {
        return new RecoveryOutcome(new InstanceId(WorkerId.of("worker-" + (n % 100)), 0), FailureKind.PROCESS_EXITED,
                "restart", n % 5 != 0, "bench record " + n + " of host " + host, Instant.now(), Duration.ofMillis(40 + n % 50),
                1, false);
    }

    private static Map<String, Object> section(String schema, String host, int pool) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("schema", schema);
        s.put("fleet", "bench");
        s.put("host_id", host);
        s.put("pool_size", pool);
        s.put("retry_interval", "100ms");
        s.put("lease", "15s");
        return s;
    }

    private static FleetSettings settings(String schema, String host, Map<String, String> env, int pool) throws Exception {
        return FleetSettings.from(PluginSettings.of("plugins.postgres", section(schema, host, pool)), env);
    }

    private static Instant dbNow(String schema, Map<String, String> env) throws Exception {
        try (FleetDatabase db = new FleetDatabase(settings(schema, "clock", env, 1)); Connection c = db.connection();
             PreparedStatement q = c.prepareStatement("SELECT clock_timestamp()"); ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private static Options parse(String[] args) {
        int hosts = 8;
        int renewers = 4;
        int seconds = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--hosts" -> hosts = BenchArgs.count(BenchArgs.value(args, ++i, "--hosts"), "--hosts", 1, 64);
                case "--renewers" -> renewers = BenchArgs.count(BenchArgs.value(args, ++i, "--renewers"), "--renewers", 1, 32);
                case "--seconds" -> seconds = BenchArgs.count(BenchArgs.value(args, ++i, "--seconds"), "--seconds", 1, 600);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new Options(hosts, renewers, seconds);
    }
}
