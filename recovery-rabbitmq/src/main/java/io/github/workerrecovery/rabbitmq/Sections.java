package io.github.workerrecovery.rabbitmq;

import io.github.workerrecovery.api.DurationText;
import io.github.workerrecovery.api.PluginSettings;
import java.time.Duration;

/**
 * How this module reads its config sections: the switch rule of opt-in sections and checked
 * durations and counts, each with a message naming the setting's full path (e.g.
 * {@code plugins.rabbitmq_queue.autoscale.scale_up_after}). Unknown keys are refused when the
 * config is built, against each provider's declared settings.
 */
final class Sections {

    private Sections() {
    }

    /**
     * The rule shared with the built-in probes: any key switches a section on, so
     * {@code {exchange: x}} needs no extra flag; {@code enabled: false} switches it off.
     *
     * @param section a section, empty when absent
     * @return whether it is switched on
     * @throws IllegalArgumentException when {@code enabled} is neither true nor false
     */
    static boolean switchedOn(PluginSettings section) {
        return section.bool("enabled", !section.keys().isEmpty());
    }

    /**
     * @param section the section
     * @param key a duration key
     * @param fallback its default
     * @return the duration, at least 1 ms
     * @throws IllegalArgumentException when it is not a duration or shorter than 1 ms
     */
    static Duration positive(PluginSettings section, String key, Duration fallback) {
        Duration value = section.duration(key, fallback);
        if (value.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException(path(section, key) + ": must be >= 1 ms but was " + DurationText.format(value));
        }
        return value;
    }

    /**
     * @param section the section
     * @param key an integer key
     * @param fallback its default
     * @param min the smallest accepted value
     * @return the value
     * @throws IllegalArgumentException when it is not an integer or below {@code min}
     */
    static int atLeast(PluginSettings section, String key, int fallback, int min) {
        int value = section.integer(key, fallback);
        if (value < min) {
            throw new IllegalArgumentException(path(section, key) + ": must be >= " + min + " but was " + value);
        }
        return value;
    }

    /**
     * @param section the section
     * @param key a key in it
     * @return the key's full path
     */
    static String path(PluginSettings section, String key) {
        return section.path().isEmpty() ? key : section.path() + "." + key;
    }

    /**
     * @param value a duration
     * @return it as a short text for messages: {@code 250 ms}, {@code 60 s}, {@code 1.5 s}
     */
    static String text(Duration value) {
        long millis = value.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
