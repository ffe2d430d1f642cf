package io.github.workerrecovery.core.patterns;

import java.util.List;
import java.util.Objects;

/**
 * One error as a worker wrote it: a single line, or a multi-line error that belongs together (a
 * Java or Node stack trace with its {@code Caused by:} sections, a Python traceback). Made by
 * {@link MultiLineErrorAssembler}; mined by {@link ErrorPatternMiner#add(ErrorEvent)}.
 *
 * @param kind what it is
 * @param lines its lines, oldest first, at least one
 */
public record ErrorEvent(Kind kind, List<String> lines) {

    /** What an event is, which says how its fingerprint is taken. */
    public enum Kind {
        /** One line: mined as a message. */
        LINE,
        /** A stack trace: {@code Type: message} and {@code at ...} frames (Java, Kotlin, Node). */
        STACK_TRACE,
        /** A Python traceback: {@code Traceback (most recent call last):}, frames, {@code Type: message}. */
        PYTHON_TRACEBACK
    }

    /**
     * Copies the lines; rejects nulls.
     *
     * @throws IllegalArgumentException when there is no line
     */
    public ErrorEvent {
        Objects.requireNonNull(kind, "kind");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an error event needs at least one line");
        }
    }

    /**
     * @param line one line
     * @return a single-line event
     */
    public static ErrorEvent line(String line) {
        return new ErrorEvent(Kind.LINE, List.of(line));
    }
}
