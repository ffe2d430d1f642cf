package io.github.workerrecovery.json;

import io.github.workerrecovery.api.ErrorPattern;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code data/recovery_patterns.json}: the mined error patterns, sorted by id so the file diffs well.
 * <pre>{@code
 * {"version": 1,
 *  "patterns": [{"id": "1f0c2ab4", "template": "Connection refused to <*>:<*>", "location": "",
 *                "count": 12, "first_seen": "2026-01-01T00:00:00Z", "last_seen": "2026-01-02T00:00:00Z",
 *                "workers": {"orders": 12}}]}
 * }</pre>
 *
 * @param version the format version, {@value #VERSION}
 * @param patterns the entries
 */
public record PatternsFileDto(Integer version, List<ErrorPatternDto> patterns) {

    /** The one version of the format written and understood. */
    public static final int VERSION = 1;

    /**
     * @param all the patterns
     * @return the file's bytes: indented JSON ending in a newline
     * @throws IllegalArgumentException when two patterns have the same id
     */
    public static byte[] write(Collection<ErrorPattern> all) {
        List<ErrorPattern> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(ErrorPattern::id));
        Set<String> seen = new HashSet<>();
        List<ErrorPatternDto> entries = new ArrayList<>(sorted.size());
        for (ErrorPattern p : sorted) {
            if (!seen.add(p.id())) {
                throw new IllegalArgumentException("two error patterns with id " + p.id() + " in one save");
            }
            entries.add(ErrorPatternDto.of(p));
        }
        return RecoveryJson.toPrettyBytes(new PatternsFileDto(VERSION, entries));
    }

    /**
     * @param bytes the file's content
     * @return the patterns, in file order
     * @throws IllegalArgumentException one line saying what is wrong, naming the entry
     */
    public static List<ErrorPattern> read(byte[] bytes) {
        List<ErrorPatternDto> entries = RecoveryJson.bind(VersionedFile.parse(bytes, VERSION, ""),
                PatternsFileDto.class).patterns();
        if (entries == null) {
            throw new IllegalArgumentException("'patterns' must be an array");
        }
        List<ErrorPattern> result = new ArrayList<>(entries.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            ErrorPattern p;
            try {
                if (entries.get(i) == null) {
                    throw new IllegalArgumentException("not a JSON object");
                }
                p = entries.get(i).toPattern();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("patterns[" + i + "]: " + e.getMessage(), e);
            }
            if (!ids.add(p.id())) {
                throw new IllegalArgumentException("patterns[" + i + "]: a second pattern with id " + p.id());
            }
            result.add(p);
        }
        return List.copyOf(result);
    }
}
