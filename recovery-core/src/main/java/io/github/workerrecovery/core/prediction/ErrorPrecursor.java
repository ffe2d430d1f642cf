package io.github.workerrecovery.core.prediction;

import io.github.workerrecovery.api.FailureKind;
import java.util.Objects;
import java.util.Optional;

/**
 * A learned error-pattern precursor: an error pattern a worker wrote within the prediction window
 * before at least {@code min_share} of at least {@code min_failures} of its failures of one kind and
 * pattern. When the worker writes it again, that failure is foretold.
 *
 * @param worker the worker
 * @param failure the failure kind it preceded
 * @param failurePattern the failure's own error pattern, if any
 * @param precursor the id of the pattern that came before
 * @param count failures of the group it preceded
 * @param of failures of the group
 */
public record ErrorPrecursor(String worker, FailureKind failure, Optional<String> failurePattern, String precursor,
                             long count, long of) {

    /** Rejects nulls. */
    public ErrorPrecursor {
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(failurePattern, "failurePattern");
        Objects.requireNonNull(precursor, "precursor");
    }

    /** @return e.g. {@code 3 of 3 PROCESS_EXITED with pattern 3f2a1b0c followed error pattern 9c1d2e3f} */
    public String text() {
        return count + " of " + of + " " + failure + failurePattern.map(p -> " with pattern " + p).orElse("")
                + " followed error pattern " + precursor;
    }
}
