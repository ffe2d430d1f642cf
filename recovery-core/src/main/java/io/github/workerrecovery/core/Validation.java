package io.github.workerrecovery.core;

import io.github.workerrecovery.api.DurationText;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The value rules shared by the config classes; each adds a problem with its path. */
final class Validation {

    /** POSIX signals a worker may be sent for soft requests. */
    static final Set<String> SIGNALS = Set.of("HUP", "INT", "QUIT", "USR1", "USR2", "TERM", "WINCH", "CONT", "STOP", "TSTP");

    private Validation() {
    }

    /**
     * @param path where a part sits, empty for the top level
     * @param key a key of the part
     * @return the key's full path
     */
    static String at(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static void positive(List<String> problems, String path, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.add(path + ": must be > 0 but was " + DurationText.format(value));
        }
    }

    static void nonNegative(List<String> problems, String path, Duration value) {
        if (value.isNegative()) {
            problems.add(path + ": must be >= 0 but was " + DurationText.format(value));
        }
    }

    static void atLeast(List<String> problems, String path, double value, double min) {
        if (!(value >= min)) {
            problems.add(path + ": must be >= " + fmt(min) + " but was " + fmt(value));
        }
    }

    static void percent(List<String> problems, String path, double value) {
        if (!(value > 0 && value <= 100)) {
            problems.add(path + ": must be > 0 and <= 100 but was " + fmt(value));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
