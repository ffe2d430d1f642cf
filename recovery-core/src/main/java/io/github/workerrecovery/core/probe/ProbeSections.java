package io.github.workerrecovery.core.probe;

import io.github.workerrecovery.api.DurationText;
import io.github.workerrecovery.api.PluginSettings;
import java.time.Duration;

/**
 * How the built-in probes read a worker's probe section: the one switch rule they share, and
 * readers that reject unusable values with a message naming the setting's path.
 */
final class ProbeSections {

    /**
     * Below a millisecond a timeout would round to 0, which {@link java.net.Socket#connect} takes
     * as "wait forever".
     */
    private static final Duration SHORTEST_TIMEOUT = Duration.ofMillis(1);

    private ProbeSections() {
    }

    /**
     * The switch rule: any key turns the probe on, so {@code heartbeat: {file: ...}} needs no
     * extra flag; {@code enabled: false} turns it off while keeping the section for later.
     *
     * @param section the worker's section for one probe, empty when the worker has none
     * @return whether the probe is switched on
     * @throws IllegalArgumentException when {@code enabled} is neither true nor false
     */
    static boolean switchedOn(PluginSettings section) {
        return section.bool("enabled", !section.keys().isEmpty());
    }

    /**
     * @param section the section
     * @param key a required key
     * @return its value, trimmed
     * @throws IllegalArgumentException when it is absent or blank
     */
    static String required(PluginSettings section, String key) {
        String value = section.string(key, "").trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(path(section, key) + ": is required");
        }
        return value;
    }

    /**
     * @param section the section
     * @param key the key of a timeout
     * @param fallback used when the key is absent
     * @return the timeout, at least 1 ms
     * @throws IllegalArgumentException when it is not a duration or shorter than 1 ms
     */
    static Duration timeout(PluginSettings section, String key, Duration fallback) {
        Duration value = section.duration(key, fallback);
        if (value.compareTo(SHORTEST_TIMEOUT) < 0) {
            throw new IllegalArgumentException(path(section, key) + ": must be >= 1 ms but was "
                    + DurationText.format(value));
        }
        return value;
    }

    /**
     * @param section the section
     * @param key a key in it
     * @return the full path of the key, e.g. {@code workers.w.probes.http.url}
     */
    static String path(PluginSettings section, String key) {
        return section.path().isEmpty() ? key : section.path() + "." + key;
    }
}
