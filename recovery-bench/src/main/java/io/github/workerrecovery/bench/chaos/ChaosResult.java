package io.github.workerrecovery.bench.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What one soak measured, and the report made of it. Definitions (also in the README):
 * <ul>
 *   <li>recovered: every affected worker works again (fresh heartbeat, its own state {@code ok},
 *       for a process fault a new process) and the daemon says HEALTHY, without the soak's help;</li>
 *   <li>MTTR: injection to recovered;</li>
 *   <li>worker-time lost: time workers were not working, over the time of all workers, by the
 *       fault they had (the rows add up to 100 % minus uptime);</li>
 *   <li>false detection: a non-manual recovery record on a worker that had no injected fault at
 *       that moment, over all health checks (instances x seconds the daemon ran / check interval);</li>
 *   <li>history lost: recoveries a daemon's status counted and its history file does not hold, per
 *       daemon life; orphans: processes of the run alive after {@code stop}.</li>
 * </ul>
 *
 * @param options the settings
 * @param members the workers
 * @param incidents every injected fault
 * @param records the history file's records, in order ({@code null}: a line that does not parse)
 * @param lives each daemon process: start, end, pid, recoveries its status counted last
 * @param upMillis per worker, time working
 * @param downMillis per worker, time not working
 * @param lostMillis time not working, by fault kind name (or {@link #NO_FAULT})
 * @param checks health checks the daemon made (instances x seconds / 1 s)
 * @param orphans the run's processes alive after stop
 * @param adoptionsChecked live workers a restarted daemon should adopt
 * @param adopted of which it adopted
 * @param duplicates duplicate worker processes seen (in two scans in a row)
 * @param silentConnections connections the never-answering server accepted (probe and webhook)
 * @param droppedNotifications notifications the daemon dropped (its status)
 * @param cannotWriteLines daemon log lines about the full disk
 * @param firstCannotWrite the first of them
 * @param diskFillRan whether the data directory was filled
 * @param stopSeconds how long {@code stop} took
 * @param notes what else happened worth reading
 * @param loadAtStart load average at the start
 * @param loadAtEnd load average at the end
 * @param dir the run's directory
 */
public record ChaosResult(ChaosOptions options, List<ChaosFleet.Member> members, List<Incident> incidents,
                          List<Record> records, List<Life> lives, Map<String, Long> upMillis,
                          Map<String, Long> downMillis, Map<String, Long> lostMillis, double checks,
                          List<ChaosProcesses.Found> orphans, int adoptionsChecked, int adopted, int duplicates,
                          int silentConnections, long droppedNotifications, int cannotWriteLines,
                          String firstCannotWrite, boolean diskFillRan, double stopSeconds, List<String> notes,
                          String loadAtStart, String loadAtEnd, Path dir) {

    /** The key of time lost while no fault was injected. */
    public static final String NO_FAULT = "NO_FAULT";

    /** One line of {@code data/recovery_history.jsonl}. */
    public record Record(String worker, String failure, String action, boolean success, Instant startedAt,
                         long timeToRecoverMs, boolean manual, String detail) {
    }

    /** One daemon process, from the soak's start command to its kill or stop. */
    public record Life(Instant start, Instant end, long daemonPid, long recoveries) {
    }

    /** @return the incidents of one kind */
    public List<Incident> of(FaultKind kind) {
        return incidents.stream().filter(i -> i.kind == kind).toList();
    }

    /** @return records that no injected fault explains: actions on workers that were fine */
    public List<Record> falseDetections() {
        List<Record> out = new ArrayList<>();
        for (Record r : records) {
            if (r == null || r.manual()) {
                continue;
            }
            boolean explained = incidents.stream().anyMatch(i -> i.workers.contains(r.worker())
                    && !r.startedAt().isBefore(i.injectedAt.minusSeconds(2))
                    && !r.startedAt().isAfter(closed(i).plusSeconds(3)));
            if (!explained) {
                out.add(r);
            }
        }
        return out;
    }

    /** @return recoveries counted by a daemon's status that its history does not hold, summed over lives */
    public long historyLost() {
        long lost = 0;
        for (Life l : lives) {
            // the status counts verdicts, manual ones too; a relapse or an interrupted action is a
            // record of its own that the status does not count
            long held = records.stream().filter(Objects::nonNull)
                    .filter(r -> !r.detail().startsWith("relapse:") && !r.detail().startsWith("interrupted:"))
                    .filter(r -> !r.startedAt().isBefore(l.start()) && !r.startedAt().isAfter(l.end())).count();
            lost += Math.max(0, l.recoveries() - held);
        }
        return lost + tornLines();
    }

    /** @return history lines that do not parse */
    public long tornLines() {
        return records.stream().filter(Objects::isNull).count();
    }

    /** @return time all workers worked, in % of their time */
    public double uptimePercent() {
        long up = upMillis.values().stream().mapToLong(Long::longValue).sum();
        long down = downMillis.values().stream().mapToLong(Long::longValue).sum();
        return up + down == 0 ? 100 : 100.0 * up / (up + down);
    }

    /** @return false detections in % of the checks */
    public double falseDetectionPercent() {
        return checks == 0 ? 0 : 100.0 * falseDetections().size() / checks;
    }

    private static Instant closed(Incident i) {
        return i.recoveredAt != null ? i.recoveredAt : i.closedAt != null ? i.closedAt : Instant.MAX;
    }

    /** @return the report: settings, the table, the monitor attacks, the targets and the notes */
    public String report() {
        StringBuilder b = new StringBuilder();
        long totalMillis = upMillis.values().stream().mapToLong(Long::longValue).sum()
                + downMillis.values().stream().mapToLong(Long::longValue).sum();
        b.append(String.format(Locale.ROOT, "chaos soak: %d workers (%d quiet, %d sharing a dependency, %d faulty), "
                        + "%s of faults every %s on average, seed %d, %d daemon kill(s), data directory fill %s%n",
                members.size(), count(ChaosFleet.Role.QUIET), count(ChaosFleet.Role.DEPENDENT),
                count(ChaosFleet.Role.FAULTY), human(options.duration()), human(options.faultEvery()), options.seed(),
                options.daemonKills(), diskFillRan ? "on" : "off"));
        b.append("load average: ").append(loadAtStart).append(" at the start, ").append(loadAtEnd)
                .append(" at the end; run directory ").append(dir).append("\n\n");
        b.append("| fault | injected | recovered automatically | success | MTTR mean | MTTR p95 | MTTR max "
                + "| worker-time lost | daemon attempts (ok/all) |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (FaultKind k : FaultKind.values()) {
            b.append(row(k.label(), of(k), lostMillis.getOrDefault(k.name(), 0L), totalMillis));
        }
        b.append(String.format(Locale.ROOT, "| no fault (quiet and idle workers) | - | - | - | - | - | - | %s | %d "
                + "false |%n", percent(lostMillis.getOrDefault(NO_FAULT, 0L), totalMillis), falseDetections().size()));
        b.append(row("**all**", incidents, totalMillis - upMillis.values().stream().mapToLong(Long::longValue).sum(),
                totalMillis));
        b.append('\n');
        List<Record> falses = falseDetections();
        b.append(String.format(Locale.ROOT, "uptime %.2f %% | false detections %d of %.0f checks = %.3f %% | "
                        + "orphans left %d | history records lost %d (torn lines %d; %d records in %d daemon lives) | "
                        + "stop command took %.1f s (its JVM start included)%n",
                uptimePercent(), falses.size(), checks, falseDetectionPercent(), orphans.size(), historyLost(),
                tornLines(), records.size(), lives.size(), stopSeconds));
        b.append(String.format(Locale.ROOT, "monitor attacked: daemon killed with SIGKILL %d time(s), %d of %d live "
                        + "workers adopted, %d duplicate worker process(es); a probe and a webhook against a "
                        + "server that never answers (%d connections held), %d notification(s) dropped; data "
                        + "directory full: %s%n",
                lives.size() - 1, adopted, adoptionsChecked, duplicates, silentConnections, droppedNotifications,
                !diskFillRan ? "not run" : cannotWriteLines == 0 ? "the daemon's log said nothing about it"
                        : cannotWriteLines + " daemon log line(s), first: " + firstCannotWrite));
        b.append('\n').append("targets: ");
        List<Incident> recovered = incidents.stream().filter(i -> i.recoveredAt != null).toList();
        double mttr = recovered.stream().mapToDouble(Incident::secondsToRecover).average().orElse(0);
        double success = incidents.isEmpty() ? 100 : 100.0 * recovered.size() / incidents.size();
        b.append(String.format(Locale.ROOT, "uptime %.2f %% (>= 99: %s), MTTR %.1f s (< 30: %s), recovery success "
                        + "%.1f %% (> 90: %s), false detection %.3f %% (< 5: %s)%n",
                uptimePercent(), yes(uptimePercent() >= 99), mttr, yes(mttr < 30), success, yes(success > 90),
                falseDetectionPercent(), yes(falseDetectionPercent() < 5)));
        for (Record r : falses) {
            b.append("false detection: ").append(r.worker()).append(' ').append(r.failure()).append(' ')
                    .append(r.action()).append(" at ").append(r.startedAt()).append(": ").append(r.detail()
                            .lines().findFirst().orElse("")).append('\n');
        }
        for (ChaosProcesses.Found o : orphans) {
            b.append("orphan: pid ").append(o.pid()).append(" of ").append(o.worker()).append(o.main() ? " (the worker)"
                    : " (its helper child)").append('\n');
        }
        for (Incident i : incidents) {
            if (i.recoveredAt == null) {
                b.append("not recovered: ").append(i.kind.label()).append(" on ").append(i.workers).append(" injected at ")
                        .append(i.injectedAt).append('\n');
            }
        }
        notes.forEach(n -> b.append("note: ").append(n).append('\n'));
        return b.toString();
    }

    private String row(String label, List<Incident> list, long lost, long total) {
        List<Incident> recovered = list.stream().filter(i -> i.recoveredAt != null).toList();
        double[] ttr = recovered.stream().mapToDouble(Incident::secondsToRecover).sorted().toArray();
        long attempts = 0;
        long ok = 0;
        for (Record r : records) {
            if (r == null || r.manual()) {
                continue;
            }
            boolean mine = list.stream().anyMatch(i -> i.workers.contains(r.worker())
                    && !r.startedAt().isBefore(i.injectedAt.minusSeconds(2))
                    && !r.startedAt().isAfter(closed(i).plusSeconds(3)));
            if (mine) {
                attempts++;
                ok += r.success() ? 1 : 0;
            }
        }
        return String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s | %s | %s | %d/%d |%n", label, list.size(),
                recovered.size(), list.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f %%",
                        100.0 * recovered.size() / list.size()),
                seconds(ttr.length == 0 ? Double.NaN : Arrays.stream(ttr).average().orElse(0)),
                seconds(percentile(ttr, 0.95)), seconds(ttr.length == 0 ? Double.NaN : ttr[ttr.length - 1]),
                percent(lost, total), ok, attempts);
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    private long count(ChaosFleet.Role role) {
        return members.stream().filter(m -> m.role() == role).count();
    }

    private static String seconds(double s) {
        return Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.1f s", s);
    }

    private static String percent(long part, long total) {
        return total == 0 ? "-" : String.format(Locale.ROOT, "%.3f %%", 100.0 * part / total);
    }

    private static String yes(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static String human(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
