package io.github.workerrecovery.bench;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.api.event.OutageOpened;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.api.event.RecoveryHeld;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigBuilder;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;

/**
 * A mass kill (issue 14, item 7): N real {@code sleep} workers under the library with its defaults,
 * K of them killed with SIGKILL at once, and the time until every one of the K is HEALTHY again
 * with a new process (the last, and the mean), next to the same time for a single kill measured in
 * the same run (the baseline). Also counts the shared outages opened and recoveries held: a kill
 * shares no dependency, so both should be 0.
 *
 * <p>Usage: {@code MassKillBench [--workers N] [--kills K] [--rounds R] [--max-concurrent C]}
 * (defaults 200, 20, 3, the library's {@code max_concurrent_recoveries}). Rounds are 31 s apart, so
 * that each falls outside the guard's 30 s window of the previous one. Works in a temporary
 * directory and stops every worker at the end.
 */
public final class MassKillBench {

    private static final String USAGE = "usage: MassKillBench [--workers N] [--kills K] [--rounds R] [--max-concurrent C]";
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Duration BETWEEN_ROUNDS = Duration.ofSeconds(31);

    private record Options(int workers, int kills, int rounds, OptionalInt maxConcurrent) {
    }

    private record Result(long lastNanos, long meanNanos, long outages, long held) {
    }

    private MassKillBench() {
    }

    private static Options parse(String[] args) {
        int workers = 200;
        int kills = 20;
        int rounds = 3;
        OptionalInt concurrent = OptionalInt.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--workers" -> workers = BenchArgs.count(BenchArgs.value(args, ++i, "--workers"), "--workers", 2, 5000);
                case "--kills" -> kills = BenchArgs.count(BenchArgs.value(args, ++i, "--kills"), "--kills", 1, 5000);
                case "--rounds" -> rounds = BenchArgs.count(BenchArgs.value(args, ++i, "--rounds"), "--rounds", 1, 100);
                case "--max-concurrent" -> concurrent = OptionalInt.of(BenchArgs.count(
                        BenchArgs.value(args, ++i, "--max-concurrent"), "--max-concurrent", 1, 5000));
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        if (kills > workers) {
            throw new IllegalArgumentException("--kills must be at most --workers (" + workers + ") but was " + kills);
        }
        return new Options(workers, kills, rounds, concurrent);
    }

    /**
     * @param args see the class comment
     * @throws Exception when the workers cannot be run
     */
    public static void main(String[] args) throws Exception {
        Options o = BenchArgs.parseOrExit(args, "MassKillBench", USAGE, MassKillBench::parse).orElse(null);
        if (o == null) {
            return;
        }
        Path home = Files.createTempDirectory("mass-kill-bench");
        RecoveryConfigBuilder cfg = RecoveryConfig.builder().home(home)
                .worker(WorkerSpec.builder("w").command("/bin/sleep", "100000")
                        .minInstances(o.workers()).maxInstances(o.workers()).build());
        o.maxConcurrent().ifPresent(cfg::maxConcurrentRecoveries);
        RecoveryConfig config = cfg.build();
        System.out.printf(Locale.ROOT, "mass kill: %d sleep workers, %d killed at once, %d round(s); "
                        + "max_concurrent_recoveries %d, verification_interval %s, other keys default%n",
                o.workers(), o.kills(), o.rounds(), config.recovery().maxConcurrent(), config.recovery().verificationInterval());
        try (WorkerAutoRecovery recovery = new WorkerAutoRecovery(config)) {
            recovery.startMonitoring();
            awaitAllHealthy(recovery, o.workers());
            Random random = new Random(42);
            Result single = killAndWait(recovery, List.of(recovery.getSystemStatus().instances().get(0)));
            System.out.printf(Locale.ROOT, "baseline, one kill: healthy again after %.1f ms%n", single.lastNanos() / 1e6);
            for (int round = 1; round <= o.rounds(); round++) {
                Thread.sleep(BETWEEN_ROUNDS.toMillis());
                List<InstanceStatus> all = new ArrayList<>(recovery.getSystemStatus().instances());
                Collections.shuffle(all, random);
                Result r = killAndWait(recovery, all.subList(0, o.kills()));
                System.out.printf(Locale.ROOT, "round %d: last of %d healthy after %.1f ms (%.1fx one kill), mean %.1f ms;"
                                + " outages opened %d, recoveries held %d%n",
                        round, o.kills(), r.lastNanos() / 1e6, (double) r.lastNanos() / single.lastNanos(),
                        r.meanNanos() / 1e6, r.outages(), r.held());
                awaitAllHealthy(recovery, o.workers());
            }
        } finally {
            CrashToReplacementBench.deleteTree(home);
        }
    }

    /** Kills the instances' processes at once and times each until it is HEALTHY with a new pid. */
    private static Result killAndWait(WorkerAutoRecovery recovery, List<InstanceStatus> victims) throws InterruptedException {
        Map<InstanceId, Long> oldPid = new HashMap<>();
        victims.forEach(v -> oldPid.put(v.id(), v.pid().orElseThrow()));
        long seq = recovery.events().lastSequence();
        long t0 = System.nanoTime();
        for (long pid : oldPid.values()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        Map<InstanceId, Long> healthyAt = new HashMap<>();
        long deadline = t0 + TIMEOUT.toNanos();
        while (healthyAt.size() < oldPid.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not all healthy within " + TIMEOUT + ": " + healthyAt.size() + " of "
                        + oldPid.size());
            }
            long now = System.nanoTime();
            for (InstanceStatus s : recovery.getSystemStatus().instances()) {
                Long old = oldPid.get(s.id());
                if (old != null && !healthyAt.containsKey(s.id()) && s.state() == WorkerState.HEALTHY
                        && s.pid().isPresent() && s.pid().getAsLong() != old) {
                    healthyAt.put(s.id(), now - t0);
                }
            }
            Thread.sleep(1);
        }
        List<RecoveryEvent> events = recovery.events().after(seq);
        long outages = events.stream().filter(OutageOpened.class::isInstance).count();
        long held = events.stream().filter(RecoveryHeld.class::isInstance).count();
        long last = healthyAt.values().stream().mapToLong(Long::longValue).max().orElse(0);
        long mean = (long) healthyAt.values().stream().mapToLong(Long::longValue).average().orElse(0);
        return new Result(last, mean, outages, held);
    }

    private static void awaitAllHealthy(WorkerAutoRecovery recovery, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            List<InstanceStatus> all = recovery.getSystemStatus().instances();
            if (all.size() == n && all.stream().allMatch(s -> s.state() == WorkerState.HEALTHY && s.pid().isPresent())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the " + n + " workers are not all healthy within " + TIMEOUT);
            }
            Thread.sleep(10);
        }
    }
}
