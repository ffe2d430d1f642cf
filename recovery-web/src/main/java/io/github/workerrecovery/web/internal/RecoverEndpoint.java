package io.github.workerrecovery.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.json.InstanceOutcomeDto;
import io.github.workerrecovery.json.RecoveryJson;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/recover} with {@code {"worker": ID, "action": NAME, "wait_ms": N}}: runs a
 * manual recovery on the worker's worst instance and answers its verified outcome (200,
 * {@code "status": "done"}), or 202 ({@code "status": "queued"}) when it is not known within the
 * wait (default and cap: verification window plus action timeout). An unknown worker is 404, an
 * unknown action or a bad body 400, a recovery already running on the instance 409. Its progress
 * is on the event stream either way.
 */
final class RecoverEndpoint implements Route.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(RecoverEndpoint.class);

    private final WorkerAutoRecovery recovery;
    private final Duration maxWait;

    RecoverEndpoint(WorkerAutoRecovery recovery) {
        this.recovery = recovery;
        this.maxWait = recovery.config().recovery().verificationWindow().plus(recovery.config().recovery().actionTimeout());
    }

    @Override
    public Reply handle(Request request) throws IOException {
        JsonNode body;
        try {
            body = RecoveryJson.parse(request.body(), false);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "request body is not JSON: " + e.getMessage());
        }
        if (!body.isObject()) {
            throw new ApiException(400, "request body must be a JSON object such as {\"worker\": \"w\", \"action\": \"restart\"}");
        }
        String worker = text(body, "worker");
        String action = text(body, "action");
        Duration wait = maxWait;
        JsonNode waitMs = body.get("wait_ms");
        if (waitMs != null && !waitMs.isNull()) {
            if (!waitMs.canConvertToLong() || !waitMs.isIntegralNumber() || waitMs.asLong() < 0) {
                throw new ApiException(400, "wait_ms must be a whole number of milliseconds >= 0");
            }
            Duration asked = Duration.ofMillis(waitMs.asLong());
            wait = asked.compareTo(maxWait) < 0 ? asked : maxWait;
        }
        List<String> known = recovery.config().workers().stream().map(WorkerSpec::id).map(Object::toString).toList();
        if (!known.contains(worker)) {
            throw new ApiException(404, "unknown worker '" + Router.printable(worker) + "' (known: "
                    + String.join(", ", known) + ")");
        }
        LOG.info("web: manual {} of {} requested", Router.printable(action), worker);
        CompletableFuture<RecoveryOutcome> result = recovery.manualRecovery(worker, action);
        try {
            RecoveryOutcome outcome = result.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("status", "done");
            done.put("outcome", InstanceOutcomeDto.of(outcome));
            return Reply.json(200, done);
        } catch (TimeoutException e) {
            Map<String, Object> queued = new LinkedHashMap<>();
            queued.put("status", "queued");
            queued.put("worker", worker);
            queued.put("action", action);
            queued.put("message", "the outcome was not known within " + wait.toMillis() + " ms; follow it on "
                    + "/api/v1/events or in /api/v1/history");
            return Reply.json(202, queued);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String message = Router.printable(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
            if (cause instanceof IllegalArgumentException) {
                throw new ApiException(400, message);
            }
            if (cause instanceof IllegalStateException) {
                throw new ApiException(409, message);
            }
            LOG.warn("web: manual recovery failed", cause);
            throw new ApiException(500, "manual recovery failed: " + message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "the server is stopping");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new ApiException(400, "'" + field + "' is required (a non-empty string)");
        }
        return value.asText();
    }
}
