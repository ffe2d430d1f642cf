package io.github.workerrecovery.bench.chaos;

import io.github.workerrecovery.core.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The soak's faults, on a schedule drawn from the seed: a fault on a live faulty worker at
 * exponentially distributed gaps (each {@link FaultKind} injected its own way), the shared
 * dependency's outages, the {@code kill -9}s of the daemon and the full data directory. Every fault
 * on workers opens an {@link Incident}; the run decides when it is over.
 *
 * <p>Every draw comes from the run's one {@link Random}, in the order the run reaches it, so a
 * seed replays the same faults on the same workers (as long as the workers are seen in the same
 * states).
 */
final class FaultInjector {

    /** How often each kind is picked, relative to the others; crashes by kill twice as often. */
    private static final Map<FaultKind, Integer> WEIGHTS = weights();

    private final ChaosOptions options;
    private final ChaosFleet fleet;
    private final Random random;
    private final DaemonLives daemon;
    private final DataDirFill fill;
    /** Every worker's last heartbeat, kept current by the run: faults go to live workers only. */
    private final Map<String, GroundTruth.Seen> seen;
    private final Predicate<String> hasOpenIncident;
    private final Consumer<Incident> opened;
    private final PrintStream log;
    private final Schedule schedule;
    private int cannotWriteLines;
    private String firstCannotWrite;
    private long historyAtFillEnd = -1;
    private boolean diskFilled;

    /**
     * Draws the schedule: call it where the run has always drawn it, after the fleet's plan and
     * before the first fault, so a seed keeps giving the same run.
     *
     * @param options the settings (duration, fault gap, kinds, daemon kills)
     * @param fleet the workers
     * @param random the run's seeded random
     * @param daemon the daemon to kill
     * @param fill the data directory to fill; used only when mounted
     * @param seen every worker's last heartbeat, read when a fault is injected
     * @param hasOpenIncident whether a worker has an incident still open (it gets no second fault)
     * @param opened told of every incident opened
     * @param log where progress lines go
     */
    FaultInjector(ChaosOptions options, ChaosFleet fleet, Random random, DaemonLives daemon, DataDirFill fill,
                  Map<String, GroundTruth.Seen> seen, Predicate<String> hasOpenIncident, Consumer<Incident> opened,
                  PrintStream log) {
        this.options = options;
        this.fleet = fleet;
        this.random = random;
        this.daemon = daemon;
        this.fill = fill;
        this.seen = seen;
        this.hasOpenIncident = hasOpenIncident;
        this.opened = opened;
        this.log = log;
        this.schedule = new Schedule(options, random);
    }

    /** @return the lines the daemon wrote, while the disk was full, about not being able to write */
    int cannotWriteLines() {
        return cannotWriteLines;
    }

    /** @return the first such line, or null */
    String firstCannotWrite() {
        return firstCannotWrite;
    }

    /** @return whether the data directory was filled at some point */
    boolean diskWasFilled() {
        return diskFilled || historyAtFillEnd >= 0;
    }

    /**
     * One tick of the injection phase: does whatever the schedule says is due.
     *
     * @param start when the injections began (the schedule counts from it)
     * @param now the tick's time
     */
    void act(Instant start, Instant now) throws IOException, InterruptedException, ExecutionException {
        double at = Duration.between(start, now).toMillis() / 1000.0;
        if (schedule.nextFault <= at) {
            schedule.nextFault = at + schedule.nextGap();
            injectFault(now);
        }
        if (schedule.dependencyUp && !schedule.outages.isEmpty() && schedule.outages.get(0) <= at) {
            schedule.outages.remove(0);
            schedule.dependencyBackAt = at + 15 + random.nextInt(16);
            schedule.dependencyUp = false;
            Files.delete(fleet.dependency);
            // a dependent worker already in an incident keeps it: one incident per worker at a time
            List<String> affected = fleet.withRole(ChaosFleet.Role.DEPENDENT).stream().map(ChaosFleet.Member::id)
                    .filter(w -> !hasOpenIncident.test(w)).toList();
            Incident outage = new Incident(FaultKind.DEPENDENCY_OUTAGE, affected, now, -1);
            opened.accept(outage);
            schedule.outage = outage;
            log.printf("chaos: %s dependency outage for %.0f s (%s)%n", now, schedule.dependencyBackAt - at, affected);
        } else if (!schedule.dependencyUp && schedule.dependencyBackAt <= at) {
            restoreDependency(now);
        }
        // one daemon kill at a time: the next waits until the previous restart is done
        if (!schedule.kills.isEmpty() && schedule.kills.get(0) <= at && daemon.restartDone()) {
            schedule.kills.remove(0);
            daemon.awaitRestart();
            daemon.kill(seen);
        }
        // the disk is filled once per run: historyAtFillEnd is set when it was freed
        if (fill.mounted() && !diskFilled && historyAtFillEnd < 0 && schedule.fillAt <= at) {
            long bytes = fill.fill();
            diskFilled = true;
            schedule.fillEndAt = at + schedule.fillFor;
            schedule.daemonOutAtFill = Files.size(fleet.home.resolve("logs/daemon.out"));
            log.printf("chaos: %s data directory filled (%d bytes written, %d free) for %.0f s%n", now, bytes,
                    fill.free(), schedule.fillFor);
        } else if (diskFilled && schedule.fillEndAt <= at) {
            endFill();
        }
    }

    /**
     * After the last injection: ends the faults still in effect (a full disk, a dependency outage)
     * so the open incidents can recover.
     *
     * @param now the tick's time
     */
    void endFaultsInEffect(Instant now) throws IOException {
        if (fill.mounted() && diskFilled) {
            endFill();
        }
        if (!schedule.dependencyUp) {
            restoreDependency(now);
        }
    }

    private void endFill() throws IOException {
        fill.release();
        diskFilled = false;
        historyAtFillEnd = lines(fleet.home.resolve("data/recovery_history.jsonl"));
        // what the daemon said while the disk was full: only the log written since the fill
        byte[] out = Files.readAllBytes(fleet.home.resolve("logs/daemon.out"));
        String added = new String(out, (int) Math.min(out.length, schedule.daemonOutAtFill),
                (int) Math.max(0, out.length - schedule.daemonOutAtFill), StandardCharsets.UTF_8);
        for (String line : added.split("\n")) {
            String l = line.toLowerCase(Locale.ROOT);
            if (l.contains("no space left") || l.contains("cannot write") || l.contains("disk full")
                    || l.contains("not enough space")) {
                cannotWriteLines++;
                if (firstCannotWrite == null) {
                    firstCannotWrite = line.strip();
                }
            }
        }
        log.printf("chaos: %s data directory freed; the daemon wrote %d line(s) about it%n", Instant.now(),
                cannotWriteLines);
    }

    private void restoreDependency(Instant now) throws IOException {
        Files.writeString(fleet.dependency, "up\n");
        schedule.dependencyUp = true;
        if (schedule.outage != null) {
            schedule.outage.faultEndedAt = now;
        }
    }

    private void injectFault(Instant now) throws IOException {
        // one fault at a time per worker, and only on a live one: a fault on a dead worker
        // would measure nothing
        List<ChaosFleet.Member> eligible = fleet.withRole(ChaosFleet.Role.FAULTY).stream()
                .filter(m -> !hasOpenIncident.test(m.id()))
                .filter(m -> seen.get(m.id()) != null && seen.get(m.id()).up())
                .toList();
        if (eligible.isEmpty()) {
            return;
        }
        ChaosFleet.Member target = eligible.get(random.nextInt(eligible.size()));
        FaultKind kind = pickKind();
        if (kind == null) {
            return;
        }
        long pid = seen.get(target.id()).pid();
        Incident incident = new Incident(kind, List.of(target.id()), now, pid);
        switch (kind) {
            case CRASH_KILL -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            case SLOW_START -> {
                // the worker script reads the delay at its next start, so the kill is what triggers it
                writeAtomically(fleet.control(target.id()).resolveSibling(target.id() + ".slow"),
                        Integer.toString(2 + random.nextInt(7)));
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            // the others the worker does to itself when asked: its control file names the pid, so a
            // replacement does not act on a request meant for its predecessor
            default -> writeAtomically(fleet.control(target.id()), pid + " " + kind.word() + "\n");
        }
        opened.accept(incident);
    }

    private FaultKind pickKind() {
        int total = WEIGHTS.entrySet().stream().filter(e -> options.kinds().contains(e.getKey()))
                .mapToInt(Map.Entry::getValue).sum();
        if (total == 0) {
            return null;
        }
        int r = random.nextInt(total);
        for (Map.Entry<FaultKind, Integer> e : WEIGHTS.entrySet()) {
            if (!options.kinds().contains(e.getKey())) {
                continue;
            }
            r -= e.getValue();
            if (r < 0) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static Map<FaultKind, Integer> weights() {
        // an EnumMap: the iteration order, and so the kind a draw picks, is the enum's
        Map<FaultKind, Integer> w = new EnumMap<>(FaultKind.class);
        w.put(FaultKind.CRASH_KILL, 2);
        w.put(FaultKind.CRASH_EXIT, 1);
        w.put(FaultKind.HANG, 1);
        w.put(FaultKind.MEMORY_LEAK, 1);
        w.put(FaultKind.ERROR_BURST, 1);
        w.put(FaultKind.CPU_SPIN, 1);
        w.put(FaultKind.SLOW_START, 1);
        return w;
    }

    private static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        // the worker polls its control file: it must never read half a request
        AtomicFiles.write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** When things happen, in seconds from the start of the injections; all drawn from the seed. */
    private static final class Schedule {
        final double meanGap;
        final Random random;
        double nextFault;
        final List<Double> outages = new ArrayList<>();
        final List<Double> kills = new ArrayList<>();
        boolean dependencyUp = true;
        double dependencyBackAt;
        Incident outage;
        final double fillAt;
        final double fillFor;
        double fillEndAt;
        long daemonOutAtFill;

        Schedule(ChaosOptions options, Random random) {
            this.random = random;
            double total = options.duration().toMillis() / 1000.0;
            this.meanGap = options.faultEvery().toMillis() / 1000.0;
            this.nextFault = Math.min(5, total / 10);
            double[] outageAt = !options.kinds().contains(FaultKind.DEPENDENCY_OUTAGE) ? new double[0]
                    : total >= 600 ? new double[] {0.15, 0.4, 0.65, 0.85} : new double[] {0.2};
            for (double f : outageAt) {
                outages.add(f * total);
            }
            for (int k = 0; k < options.daemonKills(); k++) {
                // spread over the middle of the run, one per equal slice, at a random point of it
                double slice = 0.8 * total / options.daemonKills();
                kills.add(0.1 * total + k * slice + random.nextDouble() * slice * 0.8);
            }
            this.fillAt = 0.45 * total;
            this.fillFor = Math.min(60, Math.max(10, total / 8));
        }

        /** Exponentially distributed with the mean gap: faults as a Poisson process. */
        double nextGap() {
            return -meanGap * Math.log(1 - random.nextDouble());
        }
    }
}
