package io.github.workerrecovery.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One documented key of the configuration, as a tool that mirrors the config file sees it: an IDE's
 * completion metadata, a framework binding the same names from its own property sources.
 *
 * @param path the key's path in the config file, e.g. {@code health_check_interval}, or
 *     {@code workers.*.max_instances} for a key of every worker ({@code *} stands for the worker id)
 * @param type the Java type of its value, e.g. {@code java.time.Duration} or {@code java.lang.Integer}
 * @param defaultValue the default as it would be written in the file ({@code 30s}, {@code 3}), when
 *     the key has one of its own; a worker key that falls back to a global key has none
 */
public record ConfigKeyInfo(String path, String type, Optional<String> defaultValue) {

    /** @throws NullPointerException when any component is null */
    public ConfigKeyInfo {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
    }
}
