package io.github.workerrecovery.examples;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.KnowledgeUpdate;
import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.SageNotifier;
import io.github.workerrecovery.api.WorkerId;
import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A notifier (name {@code console}) that prints one line per finished recovery, as it happens:
 *
 * <pre>
 * 12:00:03.412  flaky#0     PROCESS_EXITED     -&gt; restart           recovered in 204 ms
 * </pre>
 *
 * one line per critical incident (a worker the library gave up on) and one per change of the
 * learned best action. Everything else the engine reports is left to the {@code log} notifier.
 * Registered on the config builder with {@code .notifier(new ConsoleSageNotifier(System.out))},
 * so it needs no {@code META-INF/services} entry.
 *
 * <p>The library delivers on this notifier's own thread; {@link PrintStream} is synchronized, so
 * lines never interleave. Thread-safe.
 */
public final class ConsoleSageNotifier implements SageNotifier {

    /** The notifier's name. */
    public static final String NAME = "console";

    /** The header matching the columns of the recovery lines. */
    public static final String HEADER = String.format("%-12s  %-10s  %-17s     %-17s %s",
            "time", "instance", "failure", "action", "result");

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    // A DONE task carries its verdict only in its message ("restart of w#0 worked in 204 ms" or
    // "... did not help: <why>"), so the verdict is read back from there.
    private static final Pattern WORKED = Pattern.compile(" worked in (\\d+) ms$");
    private static final String DID_NOT_HELP = " did not help: ";

    private final PrintStream out;

    /**
     * @param out where the lines go, e.g. {@code System.out}
     */
    public ConsoleSageNotifier(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void onTask(RecoveryTask task) {
        if (task.stage() != RecoveryTask.Stage.DONE) {
            return;
        }
        out.printf("%-12s  %-10s  %-17s  -> %-17s %s%n", TIME.format(task.timestamp()), task.instance(),
                task.failure(), task.action(), verdict(task.message()));
    }

    @Override
    public void onIncident(IncidentAlert alert) {
        if (alert.severity() != AlertSeverity.CRITICAL) {
            return; // a critical alert means the library gave up; the others are recoveries under way
        }
        out.printf("%-12s  %-10s  GAVE UP: %s%n", TIME.format(alert.timestamp()),
                alert.worker().map(WorkerId::value).orElse("-"), alert.message());
    }

    @Override
    public void onKnowledge(KnowledgeUpdate update) {
        if (update.stats().successes() == 0) {
            return; // the engine names a "best" action even before any action worked; not news yet
        }
        out.printf("%-12s  %-10s  learned: %s%n", TIME.format(update.timestamp()), "-", update.message());
    }

    /**
     * @param doneMessage the message of a DONE task
     * @return "recovered in N ms", "did not help: why", or the message itself
     */
    static String verdict(String doneMessage) {
        Matcher worked = WORKED.matcher(doneMessage);
        if (worked.find()) {
            return "recovered in " + worked.group(1) + " ms";
        }
        int failed = doneMessage.indexOf(DID_NOT_HELP);
        if (failed >= 0) {
            return "did not help: " + doneMessage.substring(failed + DID_NOT_HELP.length());
        }
        return doneMessage;
    }
}
