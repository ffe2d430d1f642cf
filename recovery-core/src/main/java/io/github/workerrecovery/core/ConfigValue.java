package io.github.workerrecovery.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.api.PluginSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How one kind of config value is read from a parsed YAML/JSON node: the value, or a problem
 * naming the key. Ranges are not checked here but by each part's {@code validate}, so that a
 * value set on the builder gets the same message as one read from a file.
 *
 * @param <T> the Java type of the value, the type of the record component it binds to
 */
@FunctionalInterface
interface ConfigValue<T> {

    /**
     * @param key the path of the value, for the problem
     * @param node the parsed value
     * @param problems where a problem is added when the value is not of this kind
     * @return the value, empty after a problem
     */
    Optional<T> read(String key, JsonNode node, List<String> problems);

    /** Seconds ({@code 30}, {@code 0.5}, {@code -5}) or a number with a unit ({@code 500ms}, {@code 5m}). */
    ConfigValue<Duration> DURATION = (key, v, problems) -> {
        if (v.isNumber() && Double.isFinite(v.asDouble())) {
            // negative numbers pass, so that validate() says the same as for a value from the builder
            return Optional.of(Duration.ofNanos(Math.round(v.asDouble() * 1e9)));
        }
        Optional<Duration> d = v.isValueNode() && !v.isNull() ? PluginSettings.parseDuration(v.asText()) : Optional.empty();
        if (d.isEmpty()) {
            problems.add(key + ": must be a duration such as 30, 500ms, 30s, 5m or 2h but was '" + v.asText() + "'");
        }
        return d;
    };

    /** A whole number that fits an int, possibly written as text. */
    ConfigValue<Integer> INT = (key, v, problems) -> {
        if (v.canConvertToInt() && v.isIntegralNumber()) {
            return Optional.of(v.asInt());
        } else if (v.isTextual() && v.asText().trim().matches("-?\\d{1,9}")) {
            return Optional.of(Integer.parseInt(v.asText().trim()));
        }
        problems.add(key + ": must be a whole number but was '" + v.asText() + "'");
        return Optional.empty();
    };

    /** A whole number that fits a long, possibly written as text. */
    ConfigValue<Long> LONG = (key, v, problems) -> {
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return Optional.of(v.asLong());
        } else if (v.isTextual() && v.asText().trim().matches("-?\\d{1,18}")) {
            return Optional.of(Long.parseLong(v.asText().trim()));
        }
        problems.add(key + ": must be a whole number but was '" + v.asText() + "'");
        return Optional.empty();
    };

    /** A whole number read into an {@link OptionalLong}, for settings whose absence means "choose one". */
    ConfigValue<OptionalLong> SOME_LONG = (key, v, problems) -> LONG.read(key, v, problems).map(OptionalLong::of);

    /** A number, possibly written as text. */
    ConfigValue<Double> DOUBLE = (key, v, problems) -> {
        if (v.isNumber()) {
            return Optional.of(v.asDouble());
        } else if (v.isTextual() && v.asText().trim().matches("-?\\d+(\\.\\d+)?")) {
            return Optional.of(Double.parseDouble(v.asText().trim()));
        }
        problems.add(key + ": must be a number but was '" + v.asText() + "'");
        return Optional.empty();
    };

    /** {@code true} or {@code false}. */
    ConfigValue<Boolean> BOOLEAN = (key, v, problems) -> {
        if (v.isBoolean()) {
            return Optional.of(v.asBoolean());
        }
        problems.add(key + ": must be true or false but was '" + v.asText() + "'");
        return Optional.empty();
    };

    /** A scalar, read as text. */
    ConfigValue<String> TEXT = (key, v, problems) -> {
        if (v.isValueNode() && !v.isNull() && !v.asText().isBlank()) {
            return Optional.of(v.asText().trim());
        }
        problems.add(key + ": must be a non-empty text value");
        return Optional.empty();
    };

    /** A list of scalars (a single scalar is a list of one), read into an {@link Optional} for "not given". */
    ConfigValue<Optional<List<String>>> SOME_TEXT_LIST = (key, v, problems) -> {
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode n : v) {
                if (!n.isValueNode() || n.isNull()) {
                    problems.add(key + ": must be a list of text values");
                    return Optional.empty();
                }
                out.add(n.asText());
            }
        } else if (v.isValueNode() && !v.isNull()) {
            out.add(v.asText());
        } else {
            problems.add(key + ": must be a list of text values");
            return Optional.empty();
        }
        return Optional.of(Optional.of(List.copyOf(out)));
    };

    /**
     * @param type the enum
     * @param <E> the enum
     * @return a reader of one of its constants, written in any case
     */
    static <E extends Enum<E>> ConfigValue<E> choice(Class<E> type) {
        return (key, v, problems) -> {
            try {
                return Optional.of(Enum.valueOf(type, v.asText().trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                List<String> names = new ArrayList<>();
                for (E c : type.getEnumConstants()) {
                    names.add(c.name().toLowerCase(Locale.ROOT));
                }
                problems.add(key + ": must be one of " + names + " but was '" + v.asText() + "'");
                return Optional.empty();
            }
        };
    }
}
