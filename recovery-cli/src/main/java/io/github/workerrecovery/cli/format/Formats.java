package io.github.workerrecovery.cli.format;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How the commands print times, durations and rates: short, fixed formats for tables. */
public final class Formats {

    /** Printed for a value that is not known, e.g. the CPU % of a worker without a resource probe. */
    public static final String ABSENT = "-";

    private Formats() {
    }

    /**
     * A duration in its largest useful units: {@code 350ms}, {@code 4.2s}, {@code 42s},
     * {@code 3m05s}, {@code 2h03m}, {@code 3d04h}.
     *
     * @param d a duration; negative ones print as zero
     * @return the text
     */
    public static String duration(Duration d) {
        long millis = Math.max(0, d.toMillis());
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600);
    }

    /**
     * @param millis a duration in milliseconds
     * @return {@link #duration(Duration)} of it
     */
    public static String millis(long millis) {
        return duration(Duration.ofMillis(millis));
    }

    /**
     * @param instant a moment
     * @return ISO-8601 in UTC to the second, e.g. {@code 2026-11-29T14:03:12Z}: unambiguous
     *     whatever the reader's time zone
     */
    public static String instant(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * @param ratio a fraction from 0 to 1
     * @return a whole percentage, e.g. {@code 67%}
     */
    public static String percent(double ratio) {
        return Math.round(ratio * 100) + "%";
    }

    /**
     * @param value a percentage from 0 to 100
     * @return it with one decimal, e.g. {@code 12.5}
     */
    public static String decimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /**
     * @param text any text
     * @return it on one line (line breaks and tabs become spaces), {@link #ABSENT} when blank
     */
    public static String oneLine(String text) {
        String flat = text.replaceAll("[\\r\\n\\t]+", " ").strip();
        return flat.isEmpty() ? ABSENT : flat;
    }
}
