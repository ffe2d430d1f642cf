package io.github.workerrecovery.core.patterns;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups output lines into {@link ErrorEvent}s: a Java (or Node) stack trace, a line that it
 * follows ({@code Type: message}), its {@code at ...} frames, {@code ... N more},
 * {@code Caused by:} and {@code Suppressed:} sections, is one event; so is a Python traceback
 * from {@code Traceback (most recent call last):} to its last line, chained tracebacks
 * ({@code During handling of the above exception...}) included. Every other line is an event of
 * its own. A trace that starts without its first line (a tail cut in the middle) is still one
 * event.
 *
 * <p>Because a stack trace is only recognised at its first frame, each plain line is held back
 * until the next line arrives: {@link #flush()} releases what is held at the end of the input.
 * One event keeps at most {@value #MAX_EVENT_LINES} lines (a Java trace its first ones, a Python
 * traceback its last ones: that is where each keeps what matters). Not thread-safe.
 */
public final class MultiLineErrorAssembler {

    /** Most lines kept of one event. */
    public static final int MAX_EVENT_LINES = 256;

    private static final String PYTHON_START = "Traceback (most recent call last):";

    private enum Mode { NONE, JAVA, PYTHON, PYTHON_END }

    private Mode mode = Mode.NONE;
    private List<String> current;
    private String held;
    private int heldBlank;

    /** Creates an assembler with nothing held. */
    public MultiLineErrorAssembler() {
    }

    /**
     * Groups a whole list of lines at once.
     *
     * @param lines output lines, oldest first
     * @return the events, in order
     */
    public static List<ErrorEvent> assemble(List<String> lines) {
        MultiLineErrorAssembler assembler = new MultiLineErrorAssembler();
        List<ErrorEvent> events = new ArrayList<>();
        for (String line : lines) {
            events.addAll(assembler.accept(line));
        }
        events.addAll(assembler.flush());
        return events;
    }

    /**
     * @param line the next output line (without its line break)
     * @return the events this line completed, oldest first; often none
     */
    public List<ErrorEvent> accept(String line) {
        List<ErrorEvent> out = new ArrayList<>(1);
        switch (mode) {
            case JAVA -> {
                if (isJavaContinuation(line)) {
                    append(line, true);
                    return out;
                }
                emitCurrent(out, ErrorEvent.Kind.STACK_TRACE);
            }
            case PYTHON -> {
                if (line.isBlank() || isIndented(line) || line.startsWith(PYTHON_START) || isChainSentence(line)) {
                    if (!line.isBlank()) {
                        append(line, false);
                    }
                    return out;
                }
                append(line, false); // the exception line ends the traceback, unless a chain follows
                mode = Mode.PYTHON_END;
                return out;
            }
            case PYTHON_END -> {
                if (line.isBlank() && heldBlank < 2) {
                    heldBlank++;
                    return out;
                }
                if (isChainSentence(line)) {
                    append(line, false);
                    heldBlank = 0;
                    mode = Mode.PYTHON;
                    return out;
                }
                heldBlank = 0;
                emitCurrent(out, ErrorEvent.Kind.PYTHON_TRACEBACK);
            }
            case NONE -> {
                // plain lines are handled below
            }
        }
        if (line.startsWith(PYTHON_START)) {
            releaseHeld(out);
            start(Mode.PYTHON, line);
        } else if (isJavaContinuation(line)) {
            current = new ArrayList<>();
            if (held != null) {
                current.add(held); // the line before the first frame: "Type: message"
                held = null;
            }
            current.add(line);
            mode = Mode.JAVA;
        } else {
            releaseHeld(out);
            held = line;
        }
        return out;
    }

    /**
     * Ends the input: releases the held line and any open trace.
     *
     * @return the remaining events, oldest first
     */
    public List<ErrorEvent> flush() {
        List<ErrorEvent> out = new ArrayList<>(2);
        if (mode == Mode.JAVA) {
            emitCurrent(out, ErrorEvent.Kind.STACK_TRACE);
        } else if (mode == Mode.PYTHON || mode == Mode.PYTHON_END) {
            emitCurrent(out, ErrorEvent.Kind.PYTHON_TRACEBACK);
        }
        releaseHeld(out);
        heldBlank = 0;
        return out;
    }

    private void start(Mode newMode, String line) {
        current = new ArrayList<>();
        current.add(line);
        mode = newMode;
    }

    private void append(String line, boolean keepFirst) {
        if (current.size() >= MAX_EVENT_LINES) {
            if (keepFirst) {
                return;
            }
            current.remove(1); // keep the "Traceback" line and the newest lines
        }
        current.add(line);
    }

    private void emitCurrent(List<ErrorEvent> out, ErrorEvent.Kind kind) {
        out.add(new ErrorEvent(kind, current));
        current = null;
        mode = Mode.NONE;
    }

    private void releaseHeld(List<ErrorEvent> out) {
        if (held != null) {
            if (!held.isBlank()) {
                out.add(ErrorEvent.line(held));
            }
            held = null;
        }
    }

    /** @return whether a line continues a Java/Node stack trace */
    static boolean isJavaContinuation(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        if (line.startsWith("at ", i)) {
            return i > 0;
        }
        if (line.startsWith("Caused by: ", i) || line.startsWith("Suppressed: ", i)) {
            return true;
        }
        // "... 12 more" or "... 12 common frames omitted"
        return i > 0 && line.startsWith("... ", i) && i + 4 < n && Character.isDigit(line.charAt(i + 4));
    }

    private static boolean isIndented(String line) {
        return !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
    }

    private static boolean isChainSentence(String line) {
        return line.startsWith("During handling of the above exception")
                || line.startsWith("The above exception was the direct cause");
    }
}
