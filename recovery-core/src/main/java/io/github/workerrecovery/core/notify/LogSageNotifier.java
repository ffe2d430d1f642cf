package io.github.workerrecovery.core.notify;

import io.github.workerrecovery.api.AlertContext;
import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.KnowledgeUpdate;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.SageEvent;
import io.github.workerrecovery.api.SageNotifier;
import io.github.workerrecovery.api.SageNotifierProvider;
import io.github.workerrecovery.api.WorkerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code log} notifier: writes every sage event as one line through SLF4J, to the logger
 * {@value #LOGGER_NAME}. Incidents of severity critical or high go out at WARN, other incidents
 * at INFO; knowledge updates and pattern insights at INFO; recovery tasks at INFO, except
 * queued ones at DEBUG (they are frequent and followed by a started line). Has no settings.
 * Thread-safe.
 */
public final class LogSageNotifier implements SageNotifier {

    /** The name of the logger every event is written to. */
    public static final String LOGGER_NAME = "io.github.workerrecovery.sages";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

    /** Stateless; the engine makes it through {@link Provider}. */
    public LogSageNotifier() {
    }

    @Override
    public String name() {
        return "log";
    }

    @Override
    public void deliver(SageEvent event) {
        if (event instanceof IncidentAlert a) {
            AlertContext c = a.context();
            String worker = a.worker().map(WorkerId::value).orElse("-");
            String line = "[incident] {} from {} (worker {}): {} [workers total={} healthy={} critical={}]";
            Object[] args = {a.severity().label(), oneLine(a.source()), worker, oneLine(a.message()),
                c.totalWorkers(), c.healthyWorkers(), c.criticalWorkers()};
            if (a.severity() == AlertSeverity.CRITICAL || a.severity() == AlertSeverity.HIGH) {
                LOG.warn(line, args);
            } else {
                LOG.info(line, args);
            }
        } else if (event instanceof RecoveryTask t) {
            String line = "[task] {} {} {} for {} ({}): {}";
            Object[] args = {t.instance(), t.stage().name(), t.action(), t.failure().name(),
                t.severity().label(), oneLine(t.message())};
            if (t.stage() == RecoveryTask.Stage.QUEUED) {
                LOG.debug(line, args);
            } else {
                LOG.info(line, args);
            }
        } else if (event instanceof KnowledgeUpdate k) {
            LOG.info("[knowledge] best action for {}{} is now {} (was {}; {}/{} successful): {}",
                    k.failure().name(), k.pattern().map(p -> " [" + p + "]").orElse(""), k.newBest(), k.previousBest().orElse("none"),
                    k.stats().successes(), k.stats().attempts(), oneLine(k.message()));
        } else if (event instanceof PatternInsight p) {
            LOG.info("[pattern] {} (worker {}, seen {} times): {}{}",
                    p.patternId(), p.worker().map(WorkerId::value).orElse("-"), p.occurrences(),
                    oneLine(p.message()), p.suggestion().isBlank() ? "" : " - suggestion: " + oneLine(p.suggestion()));
        }
    }

    // Messages may quote worker output; a line break in it would split the record and could
    // forge log lines, so keep every event on exactly one line.
    private static String oneLine(String text) {
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /**
     * Makes the log notifier for the engine; found by {@link java.util.ServiceLoader}. Takes no settings.
     * Stateless and thread-safe.
     */
    public static final class Provider implements SageNotifierProvider {

        /** Found by {@link java.util.ServiceLoader}. */
        public Provider() {
        }

        @Override
        public String name() {
            return "log";
        }

        @Override
        public SageNotifier create(PluginContext context) {
            return new LogSageNotifier();
        }
    }
}
