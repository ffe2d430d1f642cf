package io.github.workerrecovery.bench.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The soak's workers and the daemon's config for them. Roles, fixed by the seed:
 * <ul>
 *   <li>quiet: noisy but normal (bursts of CPU, warnings, a rare retried error); never touched by
 *       the soak, so any action on one is a false detection. One of them also has an {@code http}
 *       probe against a server that accepts and never answers: a probe that hangs.</li>
 *   <li>dependent: share a dependency (a file); its outage makes them all log the same error.</li>
 *   <li>faulty: receive one fault at a time.</li>
 * </ul>
 */
final class ChaosFleet {

    enum Role { QUIET, DEPENDENT, FAULTY }

    /** One worker: its id, role and whether its helper child runs in a session of its own. */
    record Member(String id, Role role, boolean setsidHelper, boolean hangingProbe) {
    }

    /** Files the soak and its workers share, under the run's directory. */
    final Path dir;
    final Path home;
    final Path dependency;
    final Path script;
    final List<Member> members;
    final String runId;

    private ChaosFleet(Path dir, List<Member> members, String runId) {
        this.dir = dir;
        this.home = dir.resolve("home");
        this.dependency = dir.resolve("dependency/orders-db");
        this.script = dir.resolve("chaos_worker.sh");
        this.members = List.copyOf(members);
        this.runId = runId;
    }

    static ChaosFleet plan(Path dir, int workers, Random random) {
        int quiet = Math.max(2, workers / 4);
        int dependent = Math.max(3, workers / 6);
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            String id = String.format(Locale.ROOT, "w%02d", i);
            Role role = i < quiet ? Role.QUIET : i < quiet + dependent ? Role.DEPENDENT : Role.FAULTY;
            members.add(new Member(id, role, random.nextInt(4) == 0, i == 0));
        }
        return new ChaosFleet(dir, members, Long.toHexString(random.nextLong() & Long.MAX_VALUE));
    }

    List<Member> withRole(Role role) {
        return members.stream().filter(m -> m.role() == role).toList();
    }

    Path heartbeat(String id) {
        return dir.resolve("hb").resolve(id);
    }

    Path control(String id) {
        return dir.resolve("ctl").resolve(id);
    }

    /**
     * Writes the worker script, the directories and the daemon's config.
     *
     * @param blackholePort a loopback port that accepts connections and never answers
     * @param helpers whether each worker starts a helper child
     * @return the config file
     */
    Path write(int blackholePort, boolean helpers) throws IOException {
        for (String sub : List.of("hb", "ctl", "journal", "dependency", "home/data", "home/logs")) {
            Files.createDirectories(dir.resolve(sub));
        }
        Files.writeString(dependency, "up\n");
        try (InputStream in = ChaosFleet.class.getResourceAsStream("/chaos/chaos_worker.sh")) {
            if (in == null) {
                throw new IOException("chaos/chaos_worker.sh is not on the class path");
            }
            Files.write(script, in.readAllBytes());
        }
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        double memoryThreshold = memoryThresholdPercent(100L << 20);
        StringBuilder y = new StringBuilder();
        y.append("home: ").append(home).append('\n');
        y.append("""
                health_check_interval: 1s
                heartbeat_timeout: 5s
                consecutive_checks: 3
                probe_timeout: 3s
                verification_window: 20s
                verification_interval: 500ms
                action_timeout: 15s
                graceful_stop_timeout: 2s
                restart_backoff_base: 1s
                restart_cooldown: 10s
                max_restart_attempts: 5
                restart_window: 2m
                probation: 10s
                max_concurrent_recoveries: 4
                error_rate_threshold: 20
                cpu_threshold: 30
                on_orphans: adopt
                notifiers: [log, jsonl, webhook]
                correlation: {window: 30s, canary_interval: 5s, max_hold: 3m}
                """);
        y.append(String.format(Locale.ROOT, "memory_threshold: %.4f%n", memoryThreshold));
        y.append("plugins:\n");
        y.append("  webhook: {url: 'http://127.0.0.1:").append(blackholePort).append("/hook', timeout: 5s, retries: 1}\n");
        y.append(String.format(Locale.ROOT, "  resources: {cpu_critical_threshold: 60, memory_critical_threshold: %.4f, "
                + "leak_window: 10, leak_min_samples: 5, leak_horizon: 10m}%n", 2 * memoryThreshold));
        y.append("workers:\n");
        for (Member m : members) {
            y.append("  ").append(m.id()).append(":\n");
            y.append("    command: [/bin/bash, ").append(script).append("]\n");
            y.append("    env: {CHAOS_ID: ").append(m.id()).append(", CHAOS_DIR: '").append(dir)
                    .append("', CHAOS_RUN: '").append(runId).append("', CHAOS_ROLE: main")
                    .append(", CHAOS_NOISY: '").append(m.role() == Role.QUIET ? 1 : 0)
                    .append("', CHAOS_SETSID: '").append(m.setsidHelper() ? 1 : 0)
                    .append("', CHAOS_HELPER: '").append(helpers ? 1 : 0)
                    .append("', CHAOS_DEP: '").append(m.role() == Role.DEPENDENT ? dependency.toString() : "")
                    .append("'}\n");
            y.append("    probes:\n");
            y.append("      heartbeat: {file: '").append(heartbeat(m.id())).append("'}\n");
            y.append("      error_rate: {verify_for: 10s}\n");
            if (m.hangingProbe()) {
                y.append("      http: {url: 'http://127.0.0.1:").append(blackholePort).append("/health', timeout: 60s}\n");
            }
            if (m.role() == Role.DEPENDENT) {
                y.append("    group: orders-db\n");
            }
        }
        Path config = dir.resolve("recovery.yaml");
        Files.writeString(config, y, StandardCharsets.UTF_8);
        return config;
    }

    /** A memory threshold of about {@code bytes} on this host, in % of its RAM (the probe's unit). */
    private static double memoryThresholdPercent(long bytes) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                long kib = Long.parseLong(line.replaceAll("\\D", ""));
                return Math.min(50.0, bytes * 100.0 / (kib * 1024.0));
            }
        }
        throw new IOException("/proc/meminfo has no MemTotal");
    }
}
