package io.github.workerrecovery.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three JVMs each run the store as a daemon does ({@link FleetHostMain}: membership, leadership,
 * outbox). SIGKILL of the leading one: another leads within the lease (2 s) plus a renewal, and the
 * killed host is marked DOWN with exactly one {@code host_down} event.
 */
@ExtendWith(RealPostgres.class)
class HostProcessKillTest {

    @TempDir
    Path home;

    private final String schema = RealPostgres.newSchema();
    private final Map<String, Process> hosts = new LinkedHashMap<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Process p : hosts.values()) {
            p.destroyForcibly().waitFor();
        }
        RealPostgres.drop(schema);
    }

    @Test
    void afterKill9OfTheLeadingHostAnotherLeadsAndTheDeadOneIsDownWithOneEvent() throws Exception {
        // migrate once first, so that three JVMs do not race Flyway's first run
        try (PostgresStrategyStore first = FleetFixture.open(FleetFixture.context(
                FleetFixture.section(RealPostgres.url(), schema, "warm-up"), Files.createDirectories(home.resolve("w"))))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> first.membership().renewals() > 0);
        }
        for (String host : List.of("host-a", "host-b", "host-c")) {
            hosts.put(host, start(host));
        }
        String leader = awaitLine("LEADS ", Duration.ofSeconds(30)).split(" ")[1];
        long killedAt = System.nanoTime();
        hosts.get(leader).destroyForcibly().waitFor();

        String next = await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream()
                .filter(l -> l.startsWith("LEADS ") && !l.startsWith("LEADS " + leader + " ")).findFirst(),
                Optional::isPresent).get();
        Duration handOver = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.println("[hand-over] daemon-like host SIGKILLed to another host leading: " + handOver.toMillis()
                + " ms (lease 2000 ms, renewal 300 ms): " + next);
        assertThat(handOver).isLessThan(Duration.ofMillis(2000 + 300 + 1000));

        await().atMost(Duration.ofSeconds(10)).until(() -> FleetFixture.count("SELECT count(*) FROM " + schema
                + ".fleet_host WHERE host_id = '" + leader + "' AND state = 'DOWN'") == 1);
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_event WHERE kind = 'host_down' AND host_id = '"
                + leader + "'")).isEqualTo(1);
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_host WHERE state = 'UP'")).isEqualTo(2);
    }

    private Process start(String host) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path hostHome = Files.createDirectories(home.resolve(host));
        Process p = new ProcessBuilder(java.toString(), "-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), FleetHostMain.class.getName(), RealPostgres.url(), schema,
                host, hostHome.toString()).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        }, "host-" + host);
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    private String awaitLine(String prefix, Duration atMost) {
        return await().atMost(atMost).until(() -> lines.stream().filter(l -> l.startsWith(prefix)).findFirst(),
                Optional::isPresent).get();
    }
}
