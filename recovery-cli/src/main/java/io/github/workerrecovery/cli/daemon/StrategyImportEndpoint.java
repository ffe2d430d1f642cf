package io.github.workerrecovery.cli.daemon;

import com.sun.net.httpserver.HttpExchange;
import io.github.workerrecovery.cli.control.ControlMessages;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.store.StrategyExportFile;
import io.github.workerrecovery.core.store.StrategyMerge;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /strategies/import} with a {@link StrategyExportFile} as the body: merges it into
 * what the daemon has learned through {@link WorkerAutoRecovery#importStrategies}, so that the
 * daemon's in-memory statistics, and every later save of them, hold the imported evidence (a
 * command writing the file behind a running daemon's back would be overwritten by its next
 * save). Answers 200 with the merge report
 * {@code {"host", "added", "updated", "unchanged", "skipped_own"}} once the merge is saved; a
 * body that is not a valid export is 400 with the problem in one line.
 */
final class StrategyImportEndpoint implements Endpoint {

    /** An export of 10,000 entries with full recent-time lists is about 8 MB. */
    static final int MAX_EXPORT_BYTES = 32 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(StrategyImportEndpoint.class);
    private static final long SAVE_WAIT_SECONDS = 20;

    private final WorkerAutoRecovery recovery;

    StrategyImportEndpoint(WorkerAutoRecovery recovery) {
        this.recovery = recovery;
    }

    @Override
    public Reply handle(HttpExchange exchange) throws IOException {
        StrategyExportFile.Contents contents;
        try {
            contents = StrategyExportFile.parse(JsonExchange.readBytes(exchange, MAX_EXPORT_BYTES));
        } catch (IllegalArgumentException e) {
            return Reply.error(400, "not a strategies export: " + e.getMessage());
        }
        StrategyMerge.Report report;
        try {
            report = recovery.importStrategies(contents.strategies()).get(SAVE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            if (cause instanceof IllegalArgumentException) {
                return Reply.error(400, "not a strategies export: " + message);
            }
            if (cause instanceof IllegalStateException) {
                return Reply.error(409, message);
            }
            LOG.warn("control API: strategies import failed", cause);
            return Reply.error(500, "the import could not be saved: " + message);
        } catch (TimeoutException e) {
            return Reply.error(503, "the import was not saved within " + SAVE_WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.error(503, "the daemon is stopping");
        }
        LOG.info("control API: imported {} strategies entries from {}: {}", contents.strategies().size(),
                contents.host(), report);
        return new Reply(200, new ControlMessages.Imported(recovery.hostId(), report.added(), report.updated(),
                report.unchanged(), report.skippedOwn()));
    }
}
