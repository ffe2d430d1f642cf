package io.github.workerrecovery.spring;

import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code /actuator/workerrecovery}: the status of every instance with the recovery totals, the
 * recent history and the learned strategies ({@code GET}); and a manual recovery of one worker
 * ({@code POST /actuator/workerrecovery/{worker}} with {@code {"action": "restart"}}).
 *
 * <p>Read-only by default, like a write operation should be: the {@code POST} needs
 * {@code management.endpoint.workerrecovery.access=unrestricted}, and whatever secures the
 * application's other actuator endpoints (Spring Security) secures it too.
 */
@Endpoint(id = "workerrecovery", defaultAccess = Access.READ_ONLY)
public class WorkerRecoveryEndpoint {

    /** How many history records {@code GET} shows. */
    static final int HISTORY = 20;

    /** How long {@code POST} waits for the verified outcome before answering 202 (still running). */
    static final Duration WAIT = Duration.ofSeconds(30);

    private final WorkerAutoRecovery recovery;

    /** @param recovery the supervisor */
    public WorkerRecoveryEndpoint(WorkerAutoRecovery recovery) {
        this.recovery = Objects.requireNonNull(recovery, "recovery");
    }

    /** @return status, recent history (newest first) and strategies */
    @ReadOperation
    public Map<String, Object> report() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", EndpointViews.status(recovery.getSystemStatus()));
        m.put("history", recovery.history(HistoryQuery.latest(HISTORY)).stream().map(EndpointViews::outcome).toList());
        m.put("strategies", recovery.strategies().stream().map(EndpointViews::strategy).toList());
        return m;
    }

    /**
     * Recovers a worker with the named action now, and answers with the verified outcome (200),
     * or 202 when it takes longer than {@link #WAIT}; 404 for an unknown worker or action.
     *
     * @param worker the worker's id
     * @param action the action's name; {@code restart} when absent
     * @return the outcome
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> recover(@Selector String worker, @Nullable String action) {
        String chosen = action == null || action.isBlank() ? "restart" : action;
        CompletableFuture<RecoveryOutcome> future = recovery.manualRecovery(worker, chosen);
        try {
            return new WebEndpointResponse<>(EndpointViews.outcome(future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)), 200);
        } catch (TimeoutException e) {
            return new WebEndpointResponse<>(Map.of("worker", worker, "action", chosen, "state", "running"), 202);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            int code = cause instanceof IllegalArgumentException ? 404 : 500;
            return new WebEndpointResponse<>(Map.of("error", String.valueOf(cause.getMessage())), code);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebEndpointResponse<>(Map.of("error", "interrupted"), 503);
        }
    }
}
