package io.github.workerrecovery.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Writes a {@link Duration} the way a person reads it in a log line or an error message:
 * {@code 300 ms}, {@code 1.5 s}, {@code 5 min}, {@code 2 h}, {@code -5 s}. Every module uses it so
 * that the same value reads the same everywhere (never {@code PT1.5S}).
 *
 * <p>The unit is the largest of ms, s, min and h in which the value is at least 1; the number
 * keeps at most three decimals, without trailing zeros. Thread-safe and stateless.
 */
public final class DurationText {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);

    private DurationText() {
    }

    /**
     * @param value the duration, negative allowed (it is written with a minus sign)
     * @return for example {@code 0 ms}, {@code 250 ms}, {@code 1.5 s}, {@code 90 s}, {@code 5 min},
     *     {@code 1.25 h}
     * @throws NullPointerException when {@code value} is null
     */
    public static String format(Duration value) {
        if (value.isNegative()) {
            return "-" + format(value.negated());
        }
        // 90 s reads better than 1.5 min, and 90 min better than 1.5 h: whole units or the smaller one
        if (value.compareTo(HOUR) >= 0 && value.toMinutes() % 60 == 0 || value.compareTo(Duration.ofHours(2)) >= 0) {
            return number(value.toNanos(), HOUR.toNanos()) + " h";
        }
        if (value.compareTo(MINUTE) >= 0 && value.toSeconds() % 60 == 0 && value.toNanosPart() == 0
                || value.compareTo(Duration.ofMinutes(2)) >= 0) {
            return number(value.toNanos(), MINUTE.toNanos()) + " min";
        }
        if (value.compareTo(SECOND) >= 0) {
            return number(value.toNanos(), SECOND.toNanos()) + " s";
        }
        return number(value.toNanos(), 1_000_000L) + " ms";
    }

    private static String number(long nanos, long unitNanos) {
        BigDecimal v = BigDecimal.valueOf(nanos).divide(BigDecimal.valueOf(unitNanos), 3, RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0, RoundingMode.UNNECESSARY).toPlainString() : v.toPlainString();
    }
}
