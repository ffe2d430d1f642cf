package io.github.workerrecovery.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * One key a provider accepts in its config section: its type, its default (as text, for
 * documentation), whether it is required, an optional range, and a one-line description. A
 * {@link SettingsSpec} lists them; the config is checked against it when it is built.
 *
 * <pre>{@code
 * Setting.duration("timeout", Duration.ofSeconds(5), "bounds the whole exchange").atLeast(0.001)
 * Setting.required("url", SettingType.TEXT, "the http or https URL to call")
 * Setting.integer("port", 0, "the port").between(1, 65535)
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param key the key in the section: lower case, digits and {@code _}
 * @param type the type of the value
 * @param defaultValue the default as it would be written in a config file; empty when there is
 *     none (required settings, or settings whose absence means "not used")
 * @param required whether the key must be present
 * @param description one line saying what the setting does
 * @param min the smallest value allowed (for durations, in seconds); empty for no lower bound
 * @param max the largest value allowed (for durations, in seconds); empty for no upper bound
 * @param nested for a {@link SettingType#SECTION} whose keys are known, their spec; empty for a
 *     free-form section
 */
public record Setting(String key, SettingType type, Optional<String> defaultValue, boolean required,
                      String description, OptionalDouble min, OptionalDouble max, Optional<SettingsSpec> nested) {

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*");

    /**
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when the key is not lower case with digits and {@code _},
     *     when a required setting has a default, or when a range is given for a type without order
     */
    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(nested, "nested");
        if (nested.isPresent() && type != SettingType.SECTION) {
            throw new IllegalArgumentException("setting '" + key + "' of type " + type + " cannot have nested settings");
        }
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("setting key must be lower case letters, digits and _ but was '" + key + "'");
        }
        if (required && defaultValue.isPresent()) {
            throw new IllegalArgumentException("setting '" + key + "' is required and cannot have a default");
        }
        boolean ordered = type == SettingType.INTEGER || type == SettingType.NUMBER || type == SettingType.DURATION;
        if (!ordered && (min.isPresent() || max.isPresent())) {
            throw new IllegalArgumentException("setting '" + key + "' of type " + type + " cannot have a range");
        }
    }

    /**
     * @param key the key
     * @param fallback the default
     * @param description what it does
     * @return an optional text setting
     */
    public static Setting text(String key, String fallback, String description) {
        return of(key, SettingType.TEXT, Optional.of(fallback), description);
    }

    /**
     * @param key the key
     * @param fallback the default
     * @param description what it does
     * @return an optional integer setting
     */
    public static Setting integer(String key, int fallback, String description) {
        return of(key, SettingType.INTEGER, Optional.of(Integer.toString(fallback)), description);
    }

    /**
     * @param key the key
     * @param fallback the default
     * @param description what it does
     * @return an optional number setting
     */
    public static Setting number(String key, double fallback, String description) {
        return of(key, SettingType.NUMBER, Optional.of(plain(fallback)), description);
    }

    /**
     * @param key the key
     * @param fallback the default
     * @param description what it does
     * @return an optional boolean setting
     */
    public static Setting bool(String key, boolean fallback, String description) {
        return of(key, SettingType.BOOLEAN, Optional.of(Boolean.toString(fallback)), description);
    }

    /**
     * @param key the key
     * @param fallback the default
     * @param description what it does
     * @return an optional duration setting
     */
    public static Setting duration(String key, Duration fallback, String description) {
        return of(key, SettingType.DURATION, Optional.of(DurationText.format(fallback)), description);
    }

    /**
     * @param key the key
     * @param description what it does; the default is the empty list
     * @return an optional list setting
     */
    public static Setting textList(String key, String description) {
        return of(key, SettingType.TEXT_LIST, Optional.empty(), description);
    }

    /**
     * A nested object with free-form keys: use only where the keys cannot be known in advance.
     *
     * @param key the key
     * @param description what it does; the default is an empty object
     * @return an optional section setting
     */
    public static Setting section(String key, String description) {
        return of(key, SettingType.SECTION, Optional.empty(), description);
    }

    /**
     * A nested object with known keys, checked like the section it sits in.
     *
     * @param key the key
     * @param description what it does; the default is an empty object
     * @param keys the keys the nested object takes
     * @return an optional section setting
     */
    public static Setting section(String key, String description, SettingsSpec keys) {
        return new Setting(key, SettingType.SECTION, Optional.empty(), false, description, OptionalDouble.empty(),
                OptionalDouble.empty(), Optional.of(keys));
    }

    /**
     * An optional setting without a default: its absence means "not used" or a value the
     * provider works out (say which in the description).
     *
     * @param key the key
     * @param type its type
     * @param description what it does
     * @return the setting
     */
    public static Setting optional(String key, SettingType type, String description) {
        return of(key, type, Optional.empty(), description);
    }

    /**
     * @param key the key
     * @param type its type
     * @param description what it does
     * @return a setting that must be present (and, for text, not blank)
     */
    public static Setting required(String key, SettingType type, String description) {
        return new Setting(key, type, Optional.empty(), true, description, OptionalDouble.empty(), OptionalDouble.empty(),
                Optional.empty());
    }

    private static Setting of(String key, SettingType type, Optional<String> fallback, String description) {
        return new Setting(key, type, fallback, false, description, OptionalDouble.empty(), OptionalDouble.empty(),
                Optional.empty());
    }

    /**
     * @param lowest the smallest value allowed (for a duration, in seconds)
     * @return this setting with a lower bound
     */
    public Setting atLeast(double lowest) {
        return new Setting(key, type, defaultValue, required, description, OptionalDouble.of(lowest), max, nested);
    }

    /**
     * @param lowest the smallest value allowed (for a duration, in seconds)
     * @param highest the largest value allowed (for a duration, in seconds)
     * @return this setting with both bounds
     * @throws IllegalArgumentException when {@code lowest > highest}
     */
    public Setting between(double lowest, double highest) {
        if (lowest > highest) {
            throw new IllegalArgumentException("setting '" + key + "': range " + lowest + ".." + highest + " is empty");
        }
        return new Setting(key, type, defaultValue, required, description, OptionalDouble.of(lowest),
                OptionalDouble.of(highest), nested);
    }

    /**
     * Checks one present value; absent keys are the spec's business.
     *
     * @param section the section holding the value
     * @param problems where a problem is added, with the value's full path
     */
    void check(PluginSettings section, List<String> problems) {
        String path = section.path().isEmpty() ? key : section.path() + "." + key;
        try {
            switch (type) {
                case TEXT -> {
                    Object value = section.asMap().get(key);
                    if (value instanceof java.util.Map<?, ?> || value instanceof Iterable<?>) {
                        problems.add(path + ": must be a text value, not a list or an object");
                    } else if (required && section.string(key, "").isBlank()) {
                        problems.add(path + ": is required (" + description + ")");
                    }
                }
                case INTEGER -> inRange(path, section.integer(key, 0), plainOf(section.integer(key, 0)), problems);
                case NUMBER -> {
                    double v = section.number(key, 0);
                    if (Double.isNaN(v) || Double.isInfinite(v)) {
                        problems.add(path + ": must be a number but was '" + section.string(key, "") + "'");
                    } else {
                        inRange(path, v, plain(v), problems);
                    }
                }
                case BOOLEAN -> section.bool(key, false);
                case DURATION -> {
                    Duration d = section.duration(key, Duration.ZERO);
                    inRange(path, d.toNanos() / 1e9, DurationText.format(d), problems);
                }
                case TEXT_LIST -> section.strings(key);
                case SECTION -> {
                    // Not PluginSettings.section: its message quotes the value, and a free-form
                    // section (headers) is where tokens live.
                    if (!(section.asMap().get(key) instanceof java.util.Map<?, ?>)) {
                        problems.add(path + ": must be an object of names to values");
                    } else {
                        nested.ifPresent(keys -> keys.check(section.section(key), problems));
                    }
                }
                default -> throw new IllegalStateException("unhandled setting type " + type);
            }
        } catch (IllegalArgumentException e) {
            // PluginSettings names the path, the rule and the value: the same words a getter would use.
            problems.add(e.getMessage());
        }
    }

    private void inRange(String path, double value, String shown, List<String> problems) {
        boolean low = min.isPresent() && value < min.getAsDouble();
        boolean high = max.isPresent() && value > max.getAsDouble();
        if (low || high) {
            problems.add(path + ": must be " + rangeText() + " but was " + shown);
        }
    }

    /** @return the range in words, e.g. {@code 1..65535}, {@code >= 1 ms}; empty without one */
    public String rangeText() {
        if (min.isPresent() && max.isPresent()) {
            return bound(min.getAsDouble()) + ".." + bound(max.getAsDouble());
        }
        if (min.isPresent()) {
            return ">= " + bound(min.getAsDouble());
        }
        return max.isPresent() ? "<= " + bound(max.getAsDouble()) : "";
    }

    private String bound(double value) {
        return type == SettingType.DURATION ? DurationText.format(Duration.ofNanos(Math.round(value * 1e9))) : plain(value);
    }

    private static String plainOf(int value) {
        return Integer.toString(value);
    }

    private static String plain(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : Double.toString(value);
    }
}
