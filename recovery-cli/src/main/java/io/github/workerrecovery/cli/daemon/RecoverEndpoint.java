package io.github.workerrecovery.cli.daemon;

import com.sun.net.httpserver.HttpExchange;
import io.github.workerrecovery.api.DurationText;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.cli.control.ControlMessages;
import io.github.workerrecovery.cli.control.ControlMessages.RecoverRequest;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.json.InstanceOutcomeDto;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /recover} with {@code {"worker": ID, "action": NAME, "wait_ms": N}}: runs a manual
 * recovery and answers its verified outcome (200, {@code "status": "done"}), or 202
 * ({@code "status": "queued"}) when it is not known within the wait. The wait defaults to, and
 * is capped at, the verification window plus the action timeout: by then a recovery that started
 * at once has its verdict. An unknown worker is 404, an unknown action or a bad body 400, and a
 * recovery already running on the instance 409, each with a one-line {@code error}.
 */
final class RecoverEndpoint implements Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(RecoverEndpoint.class);

    private final WorkerAutoRecovery recovery;
    private final Duration maxWait;

    RecoverEndpoint(WorkerAutoRecovery recovery) {
        this.recovery = recovery;
        this.maxWait = recovery.config().recovery().verificationWindow().plus(recovery.config().recovery().actionTimeout());
    }

    @Override
    public Reply handle(HttpExchange exchange) throws IOException {
        RecoverRequest request = JsonExchange.read(exchange, RecoverRequest.class);
        String worker = requiredText(request.worker(), "worker");
        String action = requiredText(request.action(), "action");
        Duration wait = wait(request.waitMs());
        List<String> known = recovery.config().workers().stream().map(WorkerSpec::id).map(Object::toString).toList();
        if (!known.contains(worker)) {
            return Reply.error(404, "unknown worker '" + printable(worker) + "' (known: " + String.join(", ", known) + ")");
        }
        LOG.info("control API: manual {} of {} requested", printable(action), worker);
        CompletableFuture<RecoveryOutcome> result = recovery.manualRecovery(worker, action);
        try {
            RecoveryOutcome outcome = result.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return new Reply(200, new ControlMessages.RecoverDone(InstanceOutcomeDto.of(outcome), "done"));
        } catch (TimeoutException e) {
            return new Reply(202, new ControlMessages.RecoverQueued("queued", worker, action,
                    "the outcome was not known within " + DurationText.format(wait) + "; it will be in the history"));
        } catch (ExecutionException e) {
            return refusal(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.error(503, "the daemon is stopping");
        }
    }

    private static Reply refusal(Throwable cause) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof IllegalArgumentException) {
            return Reply.error(400, printable(message));
        }
        if (cause instanceof IllegalStateException) {
            return Reply.error(409, printable(message));
        }
        LOG.warn("control API: manual recovery failed", cause);
        return Reply.error(500, "manual recovery failed: " + printable(message));
    }

    private Duration wait(Long waitMs) throws JsonExchange.BadRequest {
        if (waitMs == null) {
            return maxWait;
        }
        if (waitMs < 0) {
            throw new JsonExchange.BadRequest(400, "wait_ms must be a whole number of milliseconds >= 0");
        }
        Duration asked = Duration.ofMillis(waitMs);
        return asked.compareTo(maxWait) < 0 ? asked : maxWait;
    }

    private static String requiredText(String value, String field) throws JsonExchange.BadRequest {
        if (value == null || value.isBlank()) {
            throw new JsonExchange.BadRequest(400, "'" + field + "' is required (a non-empty string)");
        }
        return value;
    }

    /** Request text echoed in logs and answers: control characters could forge log lines. */
    private static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}
