package io.github.workerrecovery.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three JVMs as three hosts contend for the leadership of one fleet on the real PostgreSQL
 * ({@link LeaderContender}). The leader is killed with SIGKILL: another leads within the lease
 * (plus one renewal); the new leader is then paused with SIGSTOP past its lease and resumed: it is
 * fenced, and no round is ever decided twice or by a deposed term.
 */
@ExtendWith(RealPostgres.class)
class LeaderHandOverTest {

    private static final long LEASE_MILLIS = 2000;

    private final String schema = RealPostgres.newSchema();
    private final Map<String, Process> hosts = new LinkedHashMap<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Process p : hosts.values()) {
            resume(p);
            p.destroyForcibly().waitFor();
        }
        RealPostgres.drop(schema);
    }

    @Test
    void afterKill9OfTheLeaderAnotherLeadsWithinTheLeaseAndAPausedLeaderIsFenced() throws Exception {
        // migrate once first, so that three JVMs do not race Flyway's first run for the schema's lock
        try (FleetDatabase db = new FleetDatabase(FleetSettings.from(io.github.workerrecovery.api.PluginSettings.of(
                "plugins.postgres", Map.of("url", RealPostgres.url(), "user", RealPostgres.user(), "schema", schema)),
                Map.of(FleetSettings.DEFAULT_PASSWORD_ENV, RealPostgres.password())));
             Connection ignored = db.connection()) {
            assertThat(ignored.isValid(1)).isTrue();
        }
        for (String host : List.of("host-a", "host-b", "host-c")) {
            hosts.put(host, start(host));
        }
        String first = awaitLeader(1);

        Instant killed = dbNow();
        hosts.get(first).destroyForcibly().waitFor();
        String second = awaitLeader(2);
        assertThat(second).isNotEqualTo(first);
        Instant firstDecisionOfSecondTerm = await().atMost(Duration.ofSeconds(10))
                .until(() -> firstDecisionOf(2), Optional::isPresent).get();
        Duration handOver = Duration.between(killed, firstDecisionOfSecondTerm);
        System.out.println("[hand-over] kill -9 of the leader to the first decision of the next term: "
                + handOver.toMillis() + " ms (lease " + LEASE_MILLIS + " ms, renewal every " + LEASE_MILLIS / 4 + " ms)");
        assertThat(handOver).isLessThanOrEqualTo(Duration.ofMillis(LEASE_MILLIS + LEASE_MILLIS / 4 + 1000));

        // pause the new leader past its lease: the third host takes over, the paused one is fenced on waking
        signal(hosts.get(second), "-STOP");
        String third = awaitLeader(3);
        assertThat(third).isNotIn(first, second);
        resume(hosts.get(second));
        await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(
                l -> l.equals("FENCED " + second + " token=2") || l.equals("DEPOSED " + second)));

        await().atMost(Duration.ofSeconds(10)).until(() -> firstDecisionOf(3), Optional::isPresent);

        // every round decided once (the key), and never by a term older than one that already decided
        List<long[]> decisions = new ArrayList<>();
        try (Connection c = RealPostgres.connect();
             PreparedStatement read = c.prepareStatement("SELECT token, substring(decision_key from 7)::bigint FROM "
                     + schema + ".fleet_decision ORDER BY decided_at, token");
             ResultSet rs = read.executeQuery()) {
            while (rs.next()) {
                decisions.add(new long[] {rs.getLong(1), rs.getLong(2)});
            }
        }
        assertThat(decisions).isNotEmpty();
        long highestToken = 0;
        for (long[] d : decisions) {
            assertThat(d[0]).as("a decision of term %d after term %d had decided", d[0], highestToken)
                    .isGreaterThanOrEqualTo(highestToken);
            highestToken = d[0];
        }
        assertThat(highestToken).isEqualTo(3);
    }

    private Process start(String host) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), LeaderContender.class.getName(), RealPostgres.url(), schema,
                host, Long.toString(LEASE_MILLIS)).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        }, "contender-" + host);
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    /** @return the host that printed that it leads under this token */
    private String awaitLeader(long token) {
        String suffix = " token=" + token;
        String line = await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream()
                .filter(l -> l.startsWith("LEADER ") && l.endsWith(suffix)).findFirst(), Optional::isPresent).get();
        return line.substring("LEADER ".length(), line.length() - suffix.length());
    }

    private Optional<Instant> firstDecisionOf(long token) throws Exception {
        try (Connection c = RealPostgres.connect();
             PreparedStatement read = c.prepareStatement("SELECT min(decided_at) FROM " + schema
                     + ".fleet_decision WHERE token = ?")) {
            read.setLong(1, token);
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                return Optional.ofNullable(rs.getTimestamp(1)).map(java.sql.Timestamp::toInstant);
            }
        }
    }

    private static Instant dbNow() throws Exception {
        try (Connection c = RealPostgres.connect();
             PreparedStatement read = c.prepareStatement("SELECT clock_timestamp()");
             ResultSet rs = read.executeQuery()) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private static void signal(Process p, String signal) throws Exception {
        // a command array, no shell: kill(1) is the one way to send SIGSTOP/SIGCONT from Java
        new ProcessBuilder("kill", signal, Long.toString(p.pid())).inheritIO().start().waitFor();
    }

    private static void resume(Process p) throws Exception {
        if (p.isAlive()) {
            signal(p, "-CONT");
        }
    }
}
