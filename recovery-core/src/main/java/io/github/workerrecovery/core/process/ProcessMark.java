package io.github.workerrecovery.core.process;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity every process of one incarnation carries in its environment,
 * {@value #VARIABLE}{@code =<monitor token>/<worker>#<slot>/<launch>}: set at the spawn and
 * inherited by whatever the worker starts, children that left its session with {@code setsid} or
 * double-forked away from its tree included, so that they can be found by reading
 * {@code /proc/<pid>/environ} long after neither the tree nor the process group reaches them.
 *
 * <p>The monitor token keeps two monitors on one host apart, the launch number one incarnation
 * from the next: the sweep after a crash never touches the replacement. A process started by a
 * worker that itself runs under another monitor's mark (a monitor supervised by a monitor) keeps
 * the outer mark too, after a comma, so the outer monitor's sweep reaches it as well.
 *
 * @param value the mark, without commas, NUL or line breaks
 */
record ProcessMark(String value) {

    /** The environment variable. Reserved: a value set for it in a worker's {@code env} is replaced. */
    static final String VARIABLE = "WORKER_RECOVERY_INSTANCE";

    private static final byte[] PREFIX = (VARIABLE + "=").getBytes(StandardCharsets.US_ASCII);

    /** @throws IllegalArgumentException when the value is blank or holds a separator */
    ProcessMark {
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || value.indexOf(',') >= 0 || value.indexOf('\0') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a process mark must be non-blank without ',', NUL or line breaks but was '"
                    + value + "'");
        }
    }

    /**
     * @param inherited the variable's value in the environment the process would otherwise inherit
     * @return the variable's value for a process of this incarnation: this mark first, then the
     *     marks inherited
     */
    String environmentValue(Optional<String> inherited) {
        return inherited.filter(s -> !s.isBlank()).map(s -> value + "," + s).orElse(value);
    }

    /**
     * Finds the variable in the contents of a {@code /proc/<pid>/environ} file.
     *
     * @param environ {@code NAME=value} entries, each ended by NUL
     * @return the marks the process carries, its own first; empty without the variable
     */
    static List<String> marksIn(byte[] environ) {
        int at = 0;
        while (at < environ.length) {
            int end = at;
            while (end < environ.length && environ[end] != 0) {
                end++;
            }
            if (startsWithPrefix(environ, at, end)) {
                return split(new String(environ, at + PREFIX.length, end - at - PREFIX.length, StandardCharsets.UTF_8));
            }
            at = end + 1;
        }
        return List.of();
    }

    private static boolean startsWithPrefix(byte[] bytes, int from, int end) {
        if (end - from < PREFIX.length) {
            return false;
        }
        for (int i = 0; i < PREFIX.length; i++) {
            if (bytes[from + i] != PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    private static List<String> split(String value) {
        List<String> marks = new ArrayList<>(2);
        for (String mark : value.split(",", -1)) {
            if (!mark.isEmpty()) {
                marks.add(mark);
            }
        }
        return marks;
    }

    @Override
    public String toString() {
        return value;
    }
}
