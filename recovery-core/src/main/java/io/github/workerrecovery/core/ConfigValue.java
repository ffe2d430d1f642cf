package io.github.workerrecovery.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.PluginSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
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

    /** A whole number read into an {@link OptionalInt}, for a per-worker override of a global value. */
    ConfigValue<OptionalInt> SOME_INT = (key, v, problems) -> INT.read(key, v, problems).map(OptionalInt::of);

    /** A number read into an {@link OptionalDouble}, for a per-worker override of a global value. */
    ConfigValue<OptionalDouble> SOME_DOUBLE = (key, v, problems) -> DOUBLE.read(key, v, problems).map(OptionalDouble::of);

    /** A duration read into an {@link Optional}, for a per-worker override of a global value. */
    ConfigValue<Optional<Duration>> SOME_DURATION = (key, v, problems) -> DURATION.read(key, v, problems).map(Optional::of);

    /** {@code true} or {@code false}. */
    ConfigValue<Boolean> BOOLEAN = (key, v, problems) -> {
        if (v.isBoolean()) {
            return Optional.of(v.asBoolean());
        }
        problems.add(key + ": must be true or false but was '" + v.asText() + "'");
        return Optional.empty();
    };

    /** {@code true} or {@code false} read into an {@link Optional}, for a setting whose absence means "decide by another". */
    ConfigValue<Optional<Boolean>> SOME_BOOLEAN = (key, v, problems) -> BOOLEAN.read(key, v, problems).map(Optional::of);

    /** A scalar, read as text. */
    ConfigValue<String> TEXT = (key, v, problems) -> {
        if (v.isValueNode() && !v.isNull() && !v.asText().isBlank()) {
            return Optional.of(v.asText().trim());
        }
        problems.add(key + ": must be a non-empty text value");
        return Optional.empty();
    };

    /** A scalar read as text into an {@link Optional}, for a setting whose absence means "none". */
    ConfigValue<Optional<String>> SOME_TEXT = (key, v, problems) -> TEXT.read(key, v, problems).map(Optional::of);

    /** A scalar read as text exactly as written (a regular expression may mean its spaces). */
    ConfigValue<String> EXACT_TEXT = (key, v, problems) -> {
        if (v.isValueNode() && !v.isNull() && !v.asText().isBlank()) {
            return Optional.of(v.asText());
        }
        problems.add(key + ": must be a non-empty text value");
        return Optional.empty();
    };

    /** A file-system path, as written; the file reader resolves a relative one against the file's directory. */
    ConfigValue<Optional<Path>> SOME_PATH = (key, v, problems) -> TEXT.read(key, v, problems).map(s -> Optional.of(Path.of(s)));

    /** A list of scalars; a single scalar is a list of one. */
    ConfigValue<List<String>> TEXT_LIST = (key, v, problems) -> ConfigValue.SOME_TEXT_LIST.read(key, v, problems)
            .map(Optional::orElseThrow);

    /** A mapping of names to scalars, read as text, in file order. */
    ConfigValue<Map<String, String>> TEXT_MAP = (key, v, problems) -> {
        if (!v.isObject()) {
            problems.add(key + ": must be a mapping of variable name to value");
            return Optional.empty();
        }
        Map<String, String> out = new LinkedHashMap<>();
        v.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return Optional.of(out);
    };

    /**
     * The signal sent for each soft request, {@code {connection_reset: HUP, memory_cleanup: SIGUSR1}},
     * names in any case, with or without {@code SIG}; a request not named keeps its default (see
     * {@link WorkerOutput}).
     */
    ConfigValue<Map<ControlSignal, String>> SIGNALS = (key, v, problems) -> {
        if (!v.isObject()) {
            problems.add(key + ": must be a mapping such as {connection_reset: HUP, memory_cleanup: USR1}");
            return Optional.empty();
        }
        Map<ControlSignal, String> out = new EnumMap<>(ControlSignal.class);
        v.properties().forEach(e -> {
            String name = e.getValue().asText().toUpperCase(Locale.ROOT);
            try {
                out.put(ControlSignal.valueOf(e.getKey().toUpperCase(Locale.ROOT)), name.startsWith("SIG") ? name.substring(3) : name);
            } catch (IllegalArgumentException ex) {
                problems.add(key + "." + e.getKey() + ": unknown request (known: connection_reset, memory_cleanup)");
            }
        });
        return Optional.of(out);
    };

    /**
     * A worker's probes: a list of names (each switched on with no settings of its own) or a
     * mapping of name to its section, {@code true}/{@code false}/empty meaning on or off. Each
     * section's path is {@code <key>.<probe>}, e.g. {@code workers.w.probes.http}.
     */
    ConfigValue<Map<String, PluginSettings>> PROBES = (key, v, problems) -> {
        Map<String, PluginSettings> out = new LinkedHashMap<>();
        if (v.isArray()) {
            v.forEach(n -> out.put(n.asText(), PluginSettings.of(key + "." + n.asText(), Map.of("enabled", true))));
        } else if (v.isObject()) {
            v.properties().forEach(e -> {
                JsonNode s = e.getValue();
                Map<String, Object> settings;
                if (s.isObject()) {
                    settings = ConfigValue.toMap(s);
                    settings = settings.isEmpty() ? Map.of("enabled", true) : settings;
                } else if (s.isBoolean() || s.isNull()) {
                    settings = Map.of("enabled", !s.isBoolean() || s.asBoolean());
                } else {
                    problems.add(key + "." + e.getKey() + ": must be a mapping of the probe's settings");
                    return;
                }
                out.put(e.getKey(), PluginSettings.of(key + "." + e.getKey(), settings));
            });
        } else {
            problems.add(key + ": must be a list of probe names or a mapping of probe name to settings");
            return Optional.empty();
        }
        return Optional.of(out);
    };

    /**
     * @param node a parsed mapping
     * @return its values as plain Java values (maps, lists, booleans, longs, doubles, text, null)
     */
    static Map<String, Object> toMap(JsonNode node) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (node == null || !node.isObject()) {
            return out;
        }
        node.properties().forEach(e -> out.put(e.getKey(), toValue(e.getValue())));
        return out;
    }

    private static Object toValue(JsonNode n) {
        if (n.isObject()) {
            return toMap(n);
        } else if (n.isArray()) {
            List<Object> list = new ArrayList<>();
            n.forEach(x -> list.add(toValue(x)));
            return list;
        } else if (n.isBoolean()) {
            return n.asBoolean();
        } else if (n.isIntegralNumber()) {
            return n.asLong();
        } else if (n.isNumber()) {
            return n.asDouble();
        } else if (n.isNull()) {
            return null;
        }
        return n.asText();
    }

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
