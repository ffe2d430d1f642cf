package io.github.workerrecovery.core.patterns;

import java.util.Objects;

/**
 * Which pattern a message was put in.
 *
 * @param id the pattern's stable id
 * @param template the pattern's template after this message
 * @param location the code location of a multi-line error's pattern; empty for a single line
 * @param created whether this message started a new pattern
 */
public record PatternMatch(String id, String template, String location, boolean created) {

    /** Rejects nulls. */
    public PatternMatch {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(location, "location");
    }
}
