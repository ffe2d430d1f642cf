package io.github.workerrecovery.core.probe;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Formats the numbers that appear in signal reasons, so that every built-in probe writes them
 * the same way ({@code 131 s}, {@code 200 ms}, {@code 0.3/min}).
 */
final class ReasonText {

    private ReasonText() {
    }

    /**
     * A configured duration, exactly as far as milliseconds: {@code 200 ms}, {@code 5 s},
     * {@code 1.5 s}.
     *
     * @param value the duration
     * @return the text
     */
    static String duration(Duration value) {
        if (value.compareTo(Duration.ofSeconds(1)) < 0) {
            return value.toMillis() + " ms";
        }
        return plain(seconds(value).setScale(3, RoundingMode.HALF_UP)) + " s";
    }

    /**
     * A measured age in seconds, to a tenth, rounded <em>up</em>: an age just over a whole-second
     * timeout must never read as equal to it ({@code 120.04 s} prints as {@code 120.1 s}).
     *
     * @param value the age
     * @return the text, e.g. {@code 131 s}
     */
    static String age(Duration value) {
        return plain(seconds(value).setScale(1, RoundingMode.CEILING)) + " s";
    }

    /**
     * A rate per minute to at most three decimals, always with one: {@code 4.0}, {@code 0.3},
     * {@code 0.333}.
     *
     * @param value the rate
     * @return the text
     */
    static String rate(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        return (rounded.scale() < 1 ? rounded.setScale(1, RoundingMode.UNNECESSARY) : rounded).toPlainString();
    }

    /**
     * A plain number to at most three decimals, without trailing zeros: {@code 10}, {@code 2.5}.
     *
     * @param value the number
     * @return the text
     */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        return plain(BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP));
    }

    /**
     * @param value a duration
     * @return its length in seconds as a double, without the overflow of {@code toNanos()}
     */
    static double secondsOf(Duration value) {
        return value.getSeconds() + value.getNano() / 1e9;
    }

    /**
     * What went wrong, for a reason: the first message found down the cause chain with the type
     * that carried it, e.g. {@code ConnectException: Connection refused}.
     *
     * @param failure the failure
     * @return the text
     */
    static String cause(Throwable failure) {
        Throwable current = failure;
        // The JDK often wraps the informative exception in one without a message.
        for (int depth = 0; current != null && depth < 10; depth++, current = current.getCause()) {
            String message = current.getMessage();
            if (message != null && !message.isBlank()) {
                return current.getClass().getSimpleName() + ": " + message.strip();
            }
        }
        return failure.getClass().getSimpleName();
    }

    private static BigDecimal seconds(Duration value) {
        return BigDecimal.valueOf(value.getSeconds()).add(BigDecimal.valueOf(value.getNano(), 9));
    }

    private static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0, RoundingMode.UNNECESSARY) : stripped).toPlainString();
    }
}
