package io.github.workerrecovery.core.process;

import io.github.workerrecovery.api.TimeSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a worker's stderr bytes into lines, keeps the last {@code capacity} of them and the
 * times of the lines that match the error pattern. Only stderr is fed here: stdout is a
 * worker's normal output and words like "error" there are data, not failures.
 *
 * <p>Memory is bounded whatever the worker writes: a line keeps at most
 * {@link #MAX_LINE_CHARS} characters (the rest, up to the next newline, is skipped without
 * being buffered), bytes are decoded as UTF-8 with malformed input replaced, and at most
 * {@link #MAX_ERROR_STAMPS} error times are kept.
 *
 * <p>{@link #accept} and {@link #finish} are called by one thread at a time (the
 * {@link FollowedLog} that reads the worker's stderr file serialises them); the readers are safe
 * from any thread.
 */
final class StderrTail {

    /** Longest line kept, in chars, the truncation mark included. */
    static final int MAX_LINE_CHARS = 8 * 1024;

    /** Appended to a line that was cut. */
    static final String TRUNCATED_MARK = " [truncated]";

    /** Error times kept; beyond this a rate is far over any threshold anyway. */
    static final int MAX_ERROR_STAMPS = 10_000;

    // UTF-8 decoding never yields more chars than it was given bytes, so these bytes plus the mark fit
    private static final int MAX_LINE_BYTES = MAX_LINE_CHARS - TRUNCATED_MARK.length();
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final Logger LOG = LoggerFactory.getLogger(StderrTail.class);

    private final int capacity;
    private final Optional<Pattern> errorPattern;
    private final TimeSource time;

    // the line being assembled: the feeding thread only
    private final byte[] line = new byte[MAX_LINE_BYTES];
    private int lineLength;
    private boolean skippingRestOfLine;
    private boolean patternFailureLogged;

    // guarded by this
    private final ArrayDeque<String> lines;
    private final ArrayDeque<Long> errorStamps = new ArrayDeque<>();

    StderrTail(int capacity, Optional<Pattern> errorPattern, TimeSource time) {
        this.capacity = capacity;
        this.errorPattern = errorPattern;
        this.time = time;
        this.lines = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** Feeds bytes as read from the file. */
    void accept(byte[] bytes, int offset, int length) {
        int position = offset;
        int end = offset + length;
        while (position < end) {
            int newline = indexOfNewline(bytes, position, end);
            int segmentEnd = newline < 0 ? end : newline;
            if (!skippingRestOfLine) {
                int room = MAX_LINE_BYTES - lineLength;
                int segmentLength = segmentEnd - position;
                if (segmentLength > room) {
                    System.arraycopy(bytes, position, line, lineLength, room);
                    lineLength += room;
                    // emit now, so a line that never ends still shows up in the tail
                    emit(true);
                    skippingRestOfLine = true;
                } else {
                    System.arraycopy(bytes, position, line, lineLength, segmentLength);
                    lineLength += segmentLength;
                }
            }
            if (newline < 0) {
                return;
            }
            if (skippingRestOfLine) {
                skippingRestOfLine = false;
            } else {
                emit(false);
            }
            position = newline + 1;
        }
    }

    /** Ends the output: a last line without newline is kept too. */
    void finish() {
        if (lineLength > 0 && !skippingRestOfLine) {
            emit(false);
        }
        skippingRestOfLine = false;
        lineLength = 0;
    }

    /** @return the kept lines, oldest first */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** @return lines matching the error pattern over the last 60 s, empty when there is no pattern */
    OptionalDouble errorsPerMinute() {
        if (errorPattern.isEmpty()) {
            return OptionalDouble.empty();
        }
        long now = time.nanoTime();
        synchronized (this) {
            dropOldStamps(now);
            return OptionalDouble.of(errorStamps.size());
        }
    }

    /**
     * @param since errors at or before this instant are not counted
     * @return lines matching the error pattern over the last 60 s and after {@code since}, empty when there is no pattern
     */
    OptionalDouble errorsPerMinuteSince(Instant since) {
        if (errorPattern.isEmpty()) {
            return OptionalDouble.empty();
        }
        // stamps are nano times: turn the instant into one through the age it has now
        long now = time.nanoTime();
        long age = Duration.between(since, time.now()).toNanos();
        long after = now - age;
        synchronized (this) {
            dropOldStamps(now);
            // stamps are in arrival order: count from the newest back to the first one not after since
            int count = 0;
            Iterator<Long> newestFirst = errorStamps.descendingIterator();
            while (newestFirst.hasNext() && newestFirst.next() - after > 0) {
                count++;
            }
            return OptionalDouble.of(count);
        }
    }

    private void emit(boolean truncated) {
        int length = lineLength;
        if (!truncated && length > 0 && line[length - 1] == '\r') {
            length--;
        }
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        if (truncated) {
            text += TRUNCATED_MARK;
        }
        lineLength = 0;
        boolean error = isError(text);
        long now = error ? time.nanoTime() : 0;
        synchronized (this) {
            if (lines.size() == capacity) {
                lines.removeFirst();
            }
            lines.addLast(text);
            if (error) {
                dropOldStamps(now);
                if (errorStamps.size() == MAX_ERROR_STAMPS) {
                    errorStamps.removeFirst();
                }
                errorStamps.addLast(now);
            }
        }
    }

    private boolean isError(String text) {
        if (errorPattern.isEmpty()) {
            return false;
        }
        try {
            return errorPattern.get().matcher(text).find();
        } catch (RuntimeException | StackOverflowError e) {
            // a user's pattern can blow up on some input (deep backtracking); following must go on
            if (!patternFailureLogged) {
                patternFailureLogged = true;
                // one line: a StackOverflowError's thousand frames of regex internals help no one at WARN
                LOG.warn("error pattern '{}' failed on a stderr line, the line is not counted: {}",
                        errorPattern.get(), CauseChain.of(e));
                LOG.debug("error pattern '{}' failed", errorPattern.get(), e);
            }
            return false;
        }
    }

    private void dropOldStamps(long now) {
        while (!errorStamps.isEmpty() && now - errorStamps.peekFirst() >= WINDOW_NANOS) {
            errorStamps.removeFirst();
        }
    }

    private static int indexOfNewline(byte[] bytes, int from, int end) {
        for (int index = from; index < end; index++) {
            if (bytes[index] == '\n') {
                return index;
            }
        }
        return -1;
    }
}
