package io.github.workerrecovery.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An immutable, typed view of one provider's config section (a YAML/JSON object). Values keep
 * the types the parser gave them; the getters convert leniently (a number given as a string is
 * accepted) and throw {@link IllegalArgumentException} naming the key when a value cannot be
 * converted.
 *
 * <p>Durations accept a number of seconds ({@code 30}, {@code 0.5}) or a number with a unit:
 * {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}.
 */
public final class PluginSettings {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");
    private static final PluginSettings EMPTY = new PluginSettings("", Map.of());

    private final String path;
    private final Map<String, Object> values;

    private PluginSettings(String path, Map<String, Object> values) {
        this.path = path;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Settings from a map, as parsed from a config file.
     *
     * @param path where the section sits in the config, used in error messages (e.g.
     *     {@code "plugins.webhook"})
     * @param values the section's entries; copied
     * @return the settings
     */
    public static PluginSettings of(String path, Map<String, ?> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        return new PluginSettings(path, copy);
    }

    /** @return settings with no entries */
    public static PluginSettings empty() {
        return EMPTY;
    }

    /** @return where this section sits in the config, for error messages */
    public String path() {
        return path;
    }

    /** @return the keys present */
    public Set<String> keys() {
        return values.keySet();
    }

    /** @return the raw entries, unmodifiable */
    public Map<String, Object> asMap() {
        return values;
    }

    /**
     * @param key the key
     * @return whether the key is present
     */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /**
     * @param key the key
     * @return the value as text, if present
     */
    public Optional<String> string(String key) {
        Object v = values.get(key);
        return v == null ? Optional.empty() : Optional.of(v.toString());
    }

    /**
     * @param key the key
     * @param fallback returned when the key is absent
     * @return the value as text
     */
    public String string(String key, String fallback) {
        return string(key).orElse(fallback);
    }

    /**
     * @param key the key
     * @param fallback returned when the key is absent
     * @return the value as an int
     * @throws IllegalArgumentException when the value is not an integer
     */
    public int integer(String key, int fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                    ? Math.toIntExact(n.longValue())
                    : Integer.parseInt(v.toString().trim());
        } catch (RuntimeException e) {
            throw invalid(key, "must be an integer", v);
        }
    }

    /**
     * @param key the key
     * @param fallback returned when the key is absent
     * @return the value as a double
     * @throws IllegalArgumentException when the value is not a number
     */
    public double number(String key, double fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
        } catch (RuntimeException e) {
            throw invalid(key, "must be a number", v);
        }
    }

    /**
     * @param key the key
     * @param fallback returned when the key is absent
     * @return the value as a boolean
     * @throws IllegalArgumentException when the value is neither true nor false
     */
    public boolean bool(String key, boolean fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw invalid(key, "must be true or false", v);
    }

    /**
     * @param key the key
     * @param fallback returned when the key is absent
     * @return the value as a duration (seconds, or a number with unit ms/s/m/h)
     * @throws IllegalArgumentException when the value is not a duration
     */
    public Duration duration(String key, Duration fallback) {
        Object v = values.get(key);
        return v == null ? fallback : parseDuration(v).orElseThrow(
                () -> invalid(key, "must be a duration such as 30, 500ms, 30s, 5m or 2h", v));
    }

    /**
     * @param key the key
     * @return the value as a list of strings; a single value is a list of one; empty when absent
     */
    public List<String> strings(String key) {
        Object v = values.get(key);
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (v instanceof Iterable<?> it) {
            it.forEach(x -> out.add(String.valueOf(x)));
        } else {
            out.add(v.toString());
        }
        return List.copyOf(out);
    }

    /**
     * A nested section.
     *
     * @param key the key of the nested object
     * @return the nested settings, empty when absent
     * @throws IllegalArgumentException when the value is not an object
     */
    public PluginSettings section(String key) {
        Object v = values.get(key);
        if (v == null) {
            return new PluginSettings(child(key), Map.of());
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, x) -> {
                if (x != null) {
                    copy.put(String.valueOf(k), x);
                }
            });
            return new PluginSettings(child(key), copy);
        }
        throw invalid(key, "must be an object", v);
    }

    /**
     * Parses a duration written as seconds or as a number with a unit ({@code ms, s, m, h}).
     *
     * @param value a {@link Number}, {@link Duration} or text
     * @return the duration, or empty when the value is not one or is negative
     */
    public static Optional<Duration> parseDuration(Object value) {
        if (value instanceof Duration d) {
            return d.isNegative() ? Optional.empty() : Optional.of(d);
        }
        if (value instanceof Number n) {
            double seconds = n.doubleValue();
            return seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)
                    ? Optional.empty()
                    : Optional.of(Duration.ofNanos(Math.round(seconds * 1_000_000_000d)));
        }
        Matcher m = DURATION.matcher(String.valueOf(value).trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double nanosPerUnit = switch (unit) {
            case "ms" -> 1e6;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            default -> 1e9;
        };
        return Optional.of(Duration.ofNanos(Math.round(amount * nanosPerUnit)));
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private IllegalArgumentException invalid(String key, String rule, Object value) {
        return new IllegalArgumentException(child(key) + ": " + rule + " but was '" + value + "'");
    }

    @Override
    public String toString() {
        return "PluginSettings" + values.keySet();
    }
}
