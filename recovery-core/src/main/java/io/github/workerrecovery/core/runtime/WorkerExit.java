package io.github.workerrecovery.core.runtime;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How an incarnation ended.
 *
 * @param exitCode the process exit code, when there is one
 * @param reason one line, e.g. {@code "exited with code 3"} or {@code "task threw IllegalStateException: boom"}
 * @param stderrTail the last lines of stderr, oldest first
 */
public record WorkerExit(OptionalInt exitCode, String reason, List<String> stderrTail) {

    /** Copies the tail; rejects nulls. */
    public WorkerExit {
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(reason, "reason");
        stderrTail = List.copyOf(stderrTail);
    }
}
