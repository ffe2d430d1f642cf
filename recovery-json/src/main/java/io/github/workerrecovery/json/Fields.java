package io.github.workerrecovery.json;

import io.github.workerrecovery.api.FailureKind;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;

/**
 * The checks a DTO makes when it becomes an API value, each failing with one line that names the
 * member, in the same words for every file: {@code 'action' is missing}, {@code 'attempts' must be
 * a whole number >= 0 but was -1}. Members that were absent arrive as {@code null}.
 */
final class Fields {

    private Fields() {
    }

    static <T> T required(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("'" + name + "' is missing");
        }
        return value;
    }

    static String nonBlank(String value, String name) {
        if (required(value, name).isBlank()) {
            throw new IllegalArgumentException("'" + name + "' is blank");
        }
        return value;
    }

    /** A member older records lack: absent is empty, present must not be blank. */
    static Optional<String> optionalNonBlank(String value, String name) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException("'" + name + "' must be a non-blank string but was "
                    + RecoveryJson.toLine(value));
        }
        return Optional.of(value);
    }

    static long nonNegative(Long value, String name) {
        if (required(value, name) < 0) {
            throw new IllegalArgumentException("'" + name + "' must be a whole number >= 0 but was " + value);
        }
        return value;
    }

    static int nonNegativeInt(Long value, String name) {
        long n = nonNegative(value, name);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + name + "' must be at most " + Integer.MAX_VALUE + " but was " + n);
        }
        return (int) n;
    }

    static FailureKind failureKind(String name) {
        String value = required(name, "failure");
        for (FailureKind kind : FailureKind.values()) {
            if (kind.name().equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown failure kind '" + value + "'");
    }

    /** An instant as {@link Instant#toString()} writes it, e.g. {@code 2026-01-01T00:00:00Z}. */
    static Instant instant(String value, String name) {
        try {
            return Instant.parse(required(value, name));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + name + "' must be an ISO-8601 instant such as "
                    + "2026-01-01T00:00:00Z but was " + RecoveryJson.toLine(value), e);
        }
    }
}
