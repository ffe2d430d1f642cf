package io.github.workerrecovery.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.workerrecovery.bench.BenchHost;
import io.github.workerrecovery.cli.control.ControlClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One soak: starts the fleet under the real daemon, runs the loop that lets the {@link
 * FaultInjector} inject the seeded faults and attacks on the daemon ({@link DaemonLives}), watches
 * every worker from its own heartbeat and from the daemon's status, decides when each {@link
 * Incident} is recovered or given up on, then stops the daemon and counts what it left behind.
 * {@link #run} returns the {@link ChaosResult}.
 */
public final class ChaosRun {

    /** How often the soak samples every worker's heartbeat. */
    private static final long TICK_MILLIS = 250;
    /** An incident not recovered within this long is given up on and restarted by hand. */
    private static final Duration GIVE_UP = Duration.ofSeconds(150);
    /** After the last fault: time the open incidents get to recover before the daemon is stopped. */
    private static final Duration SETTLE = Duration.ofSeconds(160);

    private final ChaosOptions options;
    private final PrintStream log;
    /** The one seeded random of the run: the fleet's plan, the schedule and every fault draw from it. */
    private final Random random;
    private final ChaosFleet fleet;
    private final List<Incident> incidents = new ArrayList<>();
    private final Map<String, Incident> openByWorker = new HashMap<>();
    private final Map<String, Long> upMillis = new HashMap<>();
    private final Map<String, Long> downMillis = new HashMap<>();
    private final Map<String, Long> lostMillis = new HashMap<>();
    private final Map<String, GroundTruth.Seen> seen = new HashMap<>();
    /** The daemon's restart and the manual restarts of given-up incidents run here, off the loop. */
    private final ExecutorService background = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "chaos-background");
        t.setDaemon(true);
        return t;
    });
    /** Written from the loop and from the background threads (adoption check, manual restarts). */
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    private DaemonLives daemon;

    /**
     * @param options the settings
     * @param log where progress lines go
     * @throws IOException when the run's directory cannot be made
     */
    public ChaosRun(ChaosOptions options, PrintStream log) throws IOException {
        this.options = options;
        this.log = log;
        this.random = new Random(options.seed());
        Path dir = options.dir().isPresent() ? Files.createDirectories(options.dir().get())
                : Files.createTempDirectory("chaos-soak-");
        this.fleet = ChaosFleet.plan(dir, options.workers(), random);
    }

    /** @return the run's directory (config, home, heartbeats, journals, report) */
    public Path dir() {
        return fleet.dir;
    }

    /**
     * @return what the soak measured
     * @throws Exception when the daemon cannot be started or stopped
     */
    public ChaosResult run() throws Exception {
        String loadAtStart = BenchHost.loadAverage();
        DataDirFill fill = new DataDirFill(fleet.home.resolve("data"));
        try (SilentServer silent = new SilentServer()) {
            Path config = fleet.write(silent.port(), options.helpers());
            if (options.diskFull()) {
                Optional<String> refused = fill.mount("4m");
                refused.ifPresent(why -> notes.add("disk full: not run, " + why));
            }
            daemon = new DaemonLives(new ChaosDaemon(options.cliJar(), config, fleet.home), fleet, random, background,
                    notes, log);
            daemon.start();
            daemon.startPolling();
            awaitAllUp(Duration.ofMinutes(3));
            log.printf("chaos: %d workers up under daemon pid %s; injecting for %s (seed %d), run dir %s%n",
                    options.workers(), daemon.pid().orElse(-1L), options.duration(), options.seed(), fleet.dir);
            FaultInjector faults = new FaultInjector(options, fleet, random, daemon, fill, seen,
                    openByWorker::containsKey, this::recordOpened, log);
            Instant start = Instant.now();
            Instant end = start.plus(options.duration());
            Instant settleUntil = end.plus(SETTLE);
            Instant nextScan = start;
            long last = System.currentTimeMillis();
            while (true) {
                Instant now = Instant.now();
                long nowMillis = now.toEpochMilli();
                long dt = nowMillis - last;
                last = nowMillis;
                sample(nowMillis, dt);
                settleIncidents(now);
                if (now.isBefore(end)) {
                    faults.act(start, now);
                } else {
                    faults.endFaultsInEffect(now);
                    if ((openByWorker.isEmpty() && daemon.restartDone()) || now.isAfter(settleUntil)) {
                        break;
                    }
                }
                if (!now.isBefore(nextScan)) {
                    daemon.checkDuplicates();
                    nextScan = now.plusSeconds(5);
                }
                Thread.sleep(TICK_MILLIS);
            }
            for (Incident open : List.copyOf(openByWorker.values())) {
                open.abandoned = true;
                open.closedAt = Instant.now();
            }
            ChaosDaemon.Snapshot last1 = daemon.end();
            List<ChaosResult.Life> lives = daemon.lives();
            double checks = lives.stream().mapToDouble(l -> Duration.between(l.start(), l.end()).toMillis() / 1000.0)
                    .sum() * options.workers();
            long droppedNotifications = last1 == null ? 0 : last1.droppedNotifications();
            Instant stopAt = Instant.now();
            daemon.stop();
            double stopSeconds = Duration.between(stopAt, Instant.now()).toMillis() / 1000.0;
            List<ChaosProcesses.Found> left = awaitOrphans();
            for (ChaosProcesses.Found orphan : left) {
                ProcessHandle.of(orphan.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
            Path history = fleet.home.resolve("data/recovery_history.jsonl");
            List<ChaosResult.Record> records = readHistory(history);
            if (fill.mounted()) {
                fill.unmount(fleet.dir.resolve("data-copy"));
            }
            Files.copy(fleet.home.resolve("logs/daemon.out"), fleet.dir.resolve("daemon.out.copy"),
                    StandardCopyOption.REPLACE_EXISTING);
            writeIncidents(fleet.dir.resolve("incidents.tsv"));
            return new ChaosResult(options, fleet.members, List.copyOf(incidents), records, lives,
                    Map.copyOf(upMillis), Map.copyOf(downMillis), Map.copyOf(lostMillis), checks, left,
                    daemon.adoptionsChecked(), daemon.adopted(), daemon.duplicatesConfirmed(), silent.accepted(),
                    droppedNotifications, faults.cannotWriteLines(), faults.firstCannotWrite(), faults.diskWasFilled(),
                    stopSeconds, List.copyOf(notes), loadAtStart, BenchHost.loadAverage(), fleet.dir);
        } finally {
            if (daemon != null) {
                daemon.stopPolling();
            }
            background.shutdownNow();
            if (daemon != null && daemon.pid().isPresent()) {
                // the run failed half-way: leave nothing running
                try {
                    daemon.stop();
                } catch (RuntimeException | IOException e) {
                    log.println("chaos: could not stop the daemon: " + e.getMessage());
                }
            }
            if (fill.mounted()) {
                try {
                    fill.unmount(fleet.dir.resolve("data-copy"));
                } catch (IOException e) {
                    log.println("chaos: " + e.getMessage());
                }
            }
        }
    }

    // ---- sampling and incidents ---------------------------------------------------------------

    /** Records an incident the injector opened; its workers get no other fault while it is open. */
    private void recordOpened(Incident incident) {
        incidents.add(incident);
        incident.workers.forEach(w -> openByWorker.put(w, incident));
    }

    private void sample(long nowMillis, long dt) {
        for (ChaosFleet.Member m : fleet.members) {
            GroundTruth.Seen s = GroundTruth.read(fleet.heartbeat(m.id()), nowMillis);
            seen.put(m.id(), s);
            Incident open = openByWorker.get(m.id());
            if (s.up()) {
                upMillis.merge(m.id(), dt, Long::sum);
            } else {
                downMillis.merge(m.id(), dt, Long::sum);
                lostMillis.merge(open == null ? ChaosResult.NO_FAULT : open.kind.name(), dt, Long::sum);
            }
            // the fault has taken effect once the worker is down (for whatever reason: its heartbeat
            // file still names the dead pid until the replacement writes it) or replaced between samples
            if (open != null && (!s.up() || open.injectedPid > 0 && s.pid() > 0 && s.pid() != open.injectedPid)) {
                open.seenDown = true;
            }
        }
    }

    private void settleIncidents(Instant now) {
        ChaosDaemon.Snapshot s = daemon.latest();
        for (Incident i : List.copyOf(openByWorker.values())) {
            if (!i.open()) {
                continue;
            }
            boolean faultOver = i.kind != FaultKind.DEPENDENCY_OUTAGE || i.faultEndedAt != null;
            boolean recovered = faultOver && i.seenDown && s != null && s.at().isAfter(i.injectedAt);
            for (String w : i.workers) {
                GroundTruth.Seen g = seen.get(w);
                recovered &= g != null && g.up() && (i.kind.curedInPlace() || g.pid() != i.injectedPid)
                        && "HEALTHY".equals(s == null ? null : s.states().get(w + "#0"));
            }
            if (recovered) {
                i.recoveredAt = now;
                i.workers.forEach(openByWorker::remove);
                continue;
            }
            Instant from = i.faultEndedAt != null ? i.faultEndedAt : i.injectedAt;
            if (faultOver && now.isAfter(from.plus(GIVE_UP))) {
                i.abandoned = true;
                i.closedAt = now;
                i.workers.forEach(openByWorker::remove);
                notes.add(String.format("given up on: %s on %s injected at %s (daemon says %s); restarted by hand",
                        i.kind.label(), i.workers, i.injectedAt, s == null ? "nothing" : i.workers.stream()
                                .map(w -> w + "=" + s.states().get(w + "#0")).toList()));
                for (String w : i.workers) {
                    background.submit(() -> manualRestart(w));
                }
            }
        }
    }

    private void manualRestart(String worker) {
        try {
            ControlClient.forHome(fleet.home).recover(worker, "restart", Optional.of(Duration.ofSeconds(30)));
        } catch (RuntimeException e) {
            notes.add("manual restart of " + worker + " failed: " + e.getMessage());
        }
    }

    // ---- before the first fault and after the daemon's stop --------------------------------------

    private void awaitAllUp(Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (true) {
            long now = System.currentTimeMillis();
            boolean all = true;
            for (ChaosFleet.Member m : fleet.members) {
                GroundTruth.Seen s = GroundTruth.read(fleet.heartbeat(m.id()), now);
                seen.put(m.id(), s);
                all &= s.up();
            }
            ChaosDaemon.Snapshot snap = daemon.latest();
            // the worker whose http probe hangs is UNKNOWN to the daemon, by design: it cannot be judged
            all &= snap != null && fleet.members.stream().allMatch(m -> "HEALTHY".equals(snap.states().get(m.id() + "#0"))
                    || m.hangingProbe() && "UNKNOWN".equals(snap.states().get(m.id() + "#0")) || m.hangingProbe()
                    && "STARTING".equals(snap.states().get(m.id() + "#0")));
            if (all) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("not every worker was up and HEALTHY within " + limit + "; see " + fleet.dir);
            }
            Thread.sleep(TICK_MILLIS);
        }
    }

    private List<ChaosProcesses.Found> awaitOrphans() throws InterruptedException {
        // stop returned once the daemon is gone; give a dying child a moment to be reaped
        List<ChaosProcesses.Found> left = List.of();
        for (int i = 0; i < 10; i++) {
            left = new ChaosProcesses(fleet.runId).scan();
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(200);
        }
        return left;
    }

    private static List<ChaosResult.Record> readHistory(Path history) throws IOException {
        List<ChaosResult.Record> records = new ArrayList<>();
        if (!Files.exists(history)) {
            return records;
        }
        ObjectMapper mapper = new ObjectMapper();
        for (String line : Files.readAllLines(history, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = mapper.readTree(line);
                records.add(new ChaosResult.Record(n.path("worker").asText(), n.path("failure").asText(),
                        n.path("action").asText(), n.path("success").asBoolean(),
                        Instant.parse(n.path("started_at").asText()), n.path("time_to_recover_ms").asLong(),
                        n.path("manual").asBoolean(), n.path("detail").asText()));
            } catch (IOException | RuntimeException torn) {
                records.add(null);
            }
        }
        return records;
    }

    /** Every incident, one line each, for reading a run after the fact. */
    private void writeIncidents(Path file) throws IOException {
        StringBuilder b = new StringBuilder("kind\tworkers\tinjected_at\tpid\tfault_ended_at\trecovered_at\tseconds\n");
        for (Incident i : incidents) {
            b.append(i.kind.name()).append('\t').append(String.join(",", i.workers)).append('\t').append(i.injectedAt)
                    .append('\t').append(i.injectedPid).append('\t').append(i.faultEndedAt == null ? "-" : i.faultEndedAt)
                    .append('\t').append(i.recoveredAt == null ? "not recovered" : i.recoveredAt).append('\t')
                    .append(i.recoveredAt == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f", i.secondsToRecover()))
                    .append('\n');
        }
        Files.writeString(file, b);
    }
}
