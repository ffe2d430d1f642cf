package io.github.workerrecovery.oshi;

import java.time.Duration;
import java.util.Locale;

/** How numbers read in reasons and sage messages: one decimal, binary units, short durations. */
final class ReasonText {

    private static final double KIB = 1024;
    private static final double MIB = KIB * 1024;
    private static final double GIB = MIB * 1024;

    private ReasonText() {
    }

    /** @return e.g. {@code 85.0%} */
    static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f%%", value);
    }

    /** @return e.g. {@code 512.0 MiB} */
    static String bytes(double value) {
        if (value >= GIB) {
            return String.format(Locale.ROOT, "%.1f GiB", value / GIB);
        } else if (value >= MIB) {
            return String.format(Locale.ROOT, "%.1f MiB", value / MIB);
        }
        return String.format(Locale.ROOT, "%.1f KiB", value / KIB);
    }

    /** @return e.g. {@code 12.0 MiB/min} */
    static String rate(double bytesPerSecond) {
        return bytes(bytesPerSecond * 60) + "/min";
    }

    /** @return e.g. {@code 45 s}, {@code 6 min}, {@code 3 h} */
    static String duration(Duration value) {
        long seconds = value.toSeconds();
        if (seconds < 120) {
            return seconds + " s";
        } else if (seconds < 120 * 60) {
            return (seconds / 60) + " min";
        }
        return (seconds / 3600) + " h";
    }
}
