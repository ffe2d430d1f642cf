package io.github.workerrecovery.api;

/**
 * The kind of value a declared {@link Setting} takes. Conversion is lenient in the same way as
 * {@link PluginSettings}: a number given as text is accepted, a single value is a list of one.
 */
public enum SettingType {
    /** Any scalar, read as text. */
    TEXT("text"),
    /** A whole number that fits an {@code int}. */
    INTEGER("an integer"),
    /** A number, possibly with decimals. */
    NUMBER("a number"),
    /** {@code true} or {@code false}. */
    BOOLEAN("true or false"),
    /** Seconds ({@code 30}, {@code 0.5}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}. */
    DURATION("a duration"),
    /** One value or a list of values, each read as text. */
    TEXT_LIST("a list of text"),
    /**
     * A nested object whose keys are free-form and not checked, for the few settings that are
     * genuinely open-ended (for example the HTTP headers a webhook sends).
     */
    SECTION("an object");

    private final String description;

    SettingType(String description) {
        this.description = description;
    }

    /** @return how the type is named in documentation and messages, e.g. {@code an integer} */
    public String description() {
        return description;
    }
}
