package io.github.workerrecovery.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.api.event.ActionEnded;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, fleet-level {@code scale_up}: real engines (own homes and host ids, one database) and
 * real worker processes ({@code sleep}). A worker with fleet-wide bounds that shows a backlog on
 * one host gets its extra instance on the least-loaded host that allows one more, started by that
 * host's engine; once the fleet-wide maximum is reached further requests are refused and nothing
 * more starts anywhere; a fleet below its minimum is topped up by the leader.
 */
@ExtendWith(RealPostgres.class)
class FleetPlacementTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String WORKER = "consumer";

    @TempDir
    Path dir;

    private final String schema = RealPostgres.newSchema();
    private final Map<String, WorkerAutoRecovery> hosts = new LinkedHashMap<>();

    @AfterEach
    void close() throws Exception {
        hosts.values().forEach(WorkerAutoRecovery::close);
        RealPostgres.drop(schema);
    }

    /** Says "backlog" for the worker's instance 0 while a file exists: the queue this host sees. */
    private record BacklogProbe(Path file) implements HealthProbe {
        @Override
        public String name() {
            return "backlog_file";
        }

        @Override
        public HealthSignal check(ProbeContext context) {
            if (context.instance().id().slot() == 0 && Files.exists(file)) {
                return HealthSignal.problem(name(), HealthStatus.WARNING, FailureKind.QUEUE_BACKLOG,
                        "queue backlog 500 > 100", context.time().now());
            }
            return HealthSignal.healthy(name(), context.time().now());
        }
    }

    private WorkerAutoRecovery host(String id, int min, int max, int fleetMin, int fleetMax, Path backlog) throws Exception {
        return host(id, min, max, fleetMin, fleetMax, backlog, 0);
    }

    /** @param spareMax {@code max_instances} of a second worker that runs nothing (0: none): allowance unused */
    private WorkerAutoRecovery host(String id, int min, int max, int fleetMin, int fleetMax, Path backlog, int spareMax)
            throws Exception {
        Path home = Files.createDirectories(dir.resolve(id));
        Map<String, Object> section = FleetFixture.section(RealPostgres.url(), schema, id);
        Path passwordFile = home.resolve("pg-password");
        Files.writeString(passwordFile, RealPostgres.password() + "\n");
        section.put("password_file", passwordFile.toString());
        RecoveryConfigBuilder config = RecoveryConfig.builder().home(home).notifiers(List.of())
                .store("postgres").plugin("postgres", section)
                .healthCheckInterval(Duration.ofMillis(300))
                .consecutiveChecks(2)
                .verificationInterval(Duration.ofMillis(300))
                .verificationWindow(Duration.ofSeconds(2))
                .restartBackoffBase(Duration.ofMillis(100))
                .restartCooldown(Duration.ofMillis(300))
                .actionTimeout(Duration.ofSeconds(30))
                .gracefulStopTimeout(Duration.ofMillis(500))
                .worker(WorkerSpec.builder(WORKER).command("/bin/sleep", "600").minInstances(min).maxInstances(max)
                        .fleetInstances(fleetMin, fleetMax).actions(List.of("scale_up")).build());
        if (spareMax > 0) {
            config.worker(WorkerSpec.builder("spare").command("/bin/sleep", "600").minInstances(0).maxInstances(spareMax)
                    .build());
        }
        if (backlog != null) {
            config.probe(new BacklogProbe(backlog));
        }
        WorkerAutoRecovery recovery = new WorkerAutoRecovery(config.build());
        hosts.put(id, recovery);
        recovery.startMonitoring();
        return recovery;
    }

    /** A host whose only worker declares no fleet bounds: its engine never asks for the fleet's placement. */
    private void plainHost(String id) throws Exception {
        Path home = Files.createDirectories(dir.resolve(id));
        Map<String, Object> section = FleetFixture.section(RealPostgres.url(), schema, id);
        section.put("password_file", Files.writeString(home.resolve("pg-password"), RealPostgres.password() + "\n").toString());
        WorkerAutoRecovery recovery = new WorkerAutoRecovery(RecoveryConfig.builder().home(home).notifiers(List.of())
                .store("postgres").plugin("postgres", section)
                .worker(WorkerSpec.builder("other").command("/bin/sleep", "600").build()).build());
        hosts.put(id, recovery);
        recovery.startMonitoring();
    }

    private long running(String host) {
        return hosts.get(host).getSystemStatus().instances().stream().filter(i -> i.id().worker().value().equals(WORKER))
                .filter(i -> i.state() != WorkerState.STOPPED && i.pid().isPresent()).count();
    }

    private List<String> placements() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = RealPostgres.connect();
             PreparedStatement q = c.prepareStatement("SELECT reason, state, coalesce(host_id, '-'), detail FROM " + schema
                     + ".fleet_placement ORDER BY requested_at, request_id");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
            }
        }
        return out;
    }

    private void waitFor(String what, Callable<Boolean> condition) {
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(condition);
        } catch (ConditionTimeoutException e) {
            List<String> seen = new ArrayList<>();
            hosts.forEach((id, h) -> seen.add(id + " " + h.getSystemStatus().instances().stream()
                    .map(i -> i.id() + " " + i.state() + " " + i.lastReason()).toList() + " " + h.events().after(0).stream()
                    .map(x -> x instanceof ActionEnded a ? "ActionEnded(" + a.action() + ": " + a.detail() + ")"
                            : x.getClass().getSimpleName()).toList()));
            try {
                seen.add("placements " + placements());
            } catch (Exception ignored) {
                // the database's view is a diagnostic only
            }
            throw new AssertionError("not " + what + ": " + seen, e);
        }
    }

    @Test
    void aBacklogOnOneHostGetsItsInstanceOnTheLeastLoadedHostAndTheFleetMaximumHolds() throws Exception {
        Path backlog = dir.resolve("backlog");
        // loads: host-a 2 of 3 (sees the backlog), host-b 1 of 3, host-c 1 of 11, the least loaded,
        // but it runs the consumer at its own max_instances (1), so it does not allow one more
        host("host-a", 2, 3, 0, 5, backlog);
        host("host-b", 1, 3, 0, 5, null);
        host("host-c", 1, 1, 0, 5, null, 10);
        waitFor("all up, listed in the fleet", () -> running("host-a") == 2 && running("host-b") == 1
                && running("host-c") == 1 && FleetFixture.count("SELECT count(*) FROM " + schema
                + ".fleet_host WHERE state = 'UP' AND workers::text LIKE '%fleet_max_instances%'") == 3);

        Files.createFile(backlog);

        waitFor("the instance started on host-b", () -> running("host-b") == 2);
        // host-a's backlog goes on (the probe says so): its next scale_up is refused, 5 of 5 run
        waitFor("a second request refused", () -> FleetFixture.count("SELECT count(*) FROM " + schema
                + ".fleet_placement WHERE state = 'refused'") >= 1);

        assertThat(placements().get(0)).isEqualTo("scale_up started host-b host-b: starting instance 1 of consumer");
        assertThat(placements().subList(1, placements().size())).allSatisfy(p -> assertThat(p)
                .isEqualTo("scale_up refused - fleet_max_instances (5) reached: 5 instances of consumer run fleet-wide"));
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_decision WHERE decision_key LIKE 'place:consumer:%'"))
                .as("one decision per request").isEqualTo(placements().size());
        assertThat(running("host-a")).as("nothing started on the host that saw the backlog").isEqualTo(2);
        assertThat(running("host-b")).isEqualTo(2);
        assertThat(running("host-c")).as("at its own max_instances").isEqualTo(1);
        assertThat(hosts.get("host-a").events().after(0).stream().filter(ActionEnded.class::isInstance)
                .map(ActionEnded.class::cast).filter(e -> e.action().equals("scale_up")).findFirst().orElseThrow().detail())
                .isEqualTo("the fleet placed it: host-b: starting instance 1 of consumer");
        assertThat(hosts.get("host-b").getSystemStatus().instances()).extracting(i -> i.id().slot()).containsExactly(0, 1);
    }

    @Test
    void aLeaderWhoseOwnWorkersDeclareNoFleetBoundsPlacesAllTheSame() throws Exception {
        plainHost("host-0");
        waitFor("host-0 leads", () -> FleetFixture.count("SELECT count(*) FROM " + schema
                + ".fleet_leader WHERE holder = 'host-0'") == 1);
        Path backlog = dir.resolve("backlog");
        host("host-a", 2, 3, 0, 4, backlog);
        host("host-b", 1, 3, 0, 4, null);
        waitFor("both up, listed in the fleet", () -> running("host-a") == 2 && running("host-b") == 1
                && FleetFixture.count("SELECT count(*) FROM " + schema
                + ".fleet_host WHERE state = 'UP' AND workers::text LIKE '%fleet_max_instances%'") == 2);

        Files.createFile(backlog);

        waitFor("the instance started on host-b", () -> running("host-b") == 2);
        assertThat(placements().get(0)).isEqualTo("scale_up started host-b host-b: starting instance 1 of consumer");
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_decision WHERE holder = 'host-0'"
                + " AND decision_key LIKE 'place:consumer:%'")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aFleetBelowItsMinimumIsToppedUpOnTheLeastLoadedHostOnce() throws Exception {
        // two hosts each keep 1 of 3; the fleet wants 3: one more, on the lower host id of two equal loads
        host("host-a", 1, 3, 3, 4, null);
        host("host-b", 1, 3, 3, 4, null);

        waitFor("topped up to three", () -> running("host-a") + running("host-b") == 3);

        assertThat(placements()).containsExactly("fleet_min started host-a host-a: starting instance 1 of consumer");
        // several more rounds of every host's placement thread (renew_interval 300 ms): nothing more
        long decisions = FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_decision");
        waitFor("both hosts renewed for 1.5 s more", () -> FleetFixture.count("SELECT count(*) FROM " + schema
                + ".fleet_host WHERE renewed_at > (SELECT max(done_at) FROM " + schema
                + ".fleet_placement) + interval '1.5 seconds'") == 2);
        assertThat(placements()).hasSize(1);
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_decision")).isEqualTo(decisions);
        assertThat(running("host-a")).isEqualTo(2);
        assertThat(running("host-b")).isEqualTo(1);
    }
}
