package io.github.workerrecovery.api;

import java.util.Objects;

/**
 * The id of a worker, as named in the config. Because ids become file names
 * ({@code logs/<worker>.out}), only safe ids exist: 1 to 64 characters of letters, digits,
 * {@code _}, {@code -} and {@code .}, starting with a letter or digit ({@code ..} and path
 * separators are therefore impossible).
 *
 * @param value the id text
 */
public record WorkerId(String value) implements Comparable<WorkerId> {

    private static final int MAX_LENGTH = 64;

    /**
     * @throws IllegalArgumentException when the id is not safe, with a message naming the id
     */
    public WorkerId {
        Objects.requireNonNull(value, "worker id");
        if (!isValid(value)) {
            throw new IllegalArgumentException("worker id '" + value
                    + "' is not safe: use 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit");
        }
    }

    /**
     * @param value the id text
     * @return the id
     * @throws IllegalArgumentException when the id is not safe
     */
    public static WorkerId of(String value) {
        return new WorkerId(value);
    }

    /**
     * @param value candidate id text
     * @return whether {@code value} is a safe worker id
     */
    public static boolean isValid(String value) {
        // the rule [A-Za-z0-9][A-Za-z0-9._-]{0,63} without "..", checked by hand: ids are made
        // on hot paths (status rows, state files), where a regex match cost more than the rest
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || !alphanumeric(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '.') {
                if (value.charAt(i - 1) == '.') {
                    return false;
                }
            } else if (c != '_' && c != '-' && !alphanumeric(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean alphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    @Override
    public int compareTo(WorkerId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
