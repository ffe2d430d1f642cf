package io.github.workerrecovery.core.prediction;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.PredictionConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Error patterns as precursors: which mined error patterns a worker wrote in the window before its
 * failures. Per instance the patterns seen lately (at most {@value #MAX_SEEN} each, the least recently
 * seen forgotten first); per (worker, failure kind, failure's pattern) how many failures each
 * earlier pattern preceded (at most {@value #MAX_COUNTED} patterns counted per failure group). A
 * pattern seen in the window before at least {@code min_share} of at least {@code min_failures}
 * failures of a group is a <em>finding</em>: when that worker writes it again, a failure of that
 * group is foretold. The failure's own pattern is never its own precursor, and a pattern first seen
 * at the moment of the failure came with it, not before it.
 *
 * <p>Whether a finding is right is for {@link PrecursorPredictor} to count (a pattern that healthy
 * stretches of the same worker write as well raises false alarms and never earns trust). Pure logic,
 * time passed in; not thread-safe: the engine thread owns it. Memory is bounded by the caps above
 * times the instances and failure groups.
 */
public final class ErrorPrecursors {

    /** Patterns remembered per instance. */
    static final int MAX_SEEN = 32;
    /** Precursor patterns counted per (worker, failure kind, failure's pattern). */
    static final int MAX_COUNTED = 64;

    /**
     * What a failure taught.
     *
     * @param seenBefore the patterns seen in the window before it
     * @param newFindings findings that this failure made consistent for the first time
     */
    public record Learned(List<String> seenBefore, List<ErrorPrecursor> newFindings) {
    }

    /**
     * The counts of one failure group, for saving and restoring.
     *
     * @param worker the worker
     * @param failure the failure kind
     * @param pattern the failure's own error pattern, if any
     * @param failures failures of the group
     * @param preceded per precursor pattern, the failures it preceded, in the order first counted
     */
    public record Counted(String worker, FailureKind failure, Optional<String> pattern, long failures,
                          Map<String, Long> preceded) {

        /** Copies the map, keeping its order; rejects nulls. */
        public Counted {
            java.util.Objects.requireNonNull(worker, "worker");
            java.util.Objects.requireNonNull(failure, "failure");
            java.util.Objects.requireNonNull(pattern, "pattern");
            preceded = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(preceded));
        }
    }

    private record Key(String worker, FailureKind failure, String pattern) {
    }

    private static final class Group {
        long failures;
        /** Failures preceded, per precursor pattern; insertion order, the first counted kept. */
        final Map<String, long[]> preceded = new LinkedHashMap<>();
        final Set<String> stated = new TreeSet<>();
    }

    /** Access-ordered and capped: the least recently seen pattern goes first. */
    private static final class Seen extends LinkedHashMap<String, Instant> {
        private static final long serialVersionUID = 1L;

        Seen() {
            super(16, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_SEEN;
        }
    }

    private final PredictionConfig config;
    private final Map<InstanceId, Seen> seen = new HashMap<>();
    private final Map<Key, Group> groups = new LinkedHashMap<>();

    /** @param config the window and the consistency rule ({@code min_failures}, {@code min_share}) */
    public ErrorPrecursors(PredictionConfig config) {
        this.config = config;
    }

    /**
     * An instance wrote a line of this pattern.
     *
     * @param instance the instance
     * @param pattern the mined pattern's id
     * @param at when
     */
    public void seen(InstanceId instance, String pattern, Instant at) {
        seen.computeIfAbsent(instance, i -> new Seen()).put(pattern, at);
    }

    /**
     * A failure was detected (once per incident): the patterns seen in the window before it are
     * counted for its group, and the instance's sightings start afresh.
     *
     * @param instance the failing instance
     * @param failure its kind
     * @param pattern its own error pattern, if any
     * @param at the detection
     * @return what it taught
     */
    public Learned onFailure(InstanceId instance, FailureKind failure, Optional<String> pattern, Instant at) {
        Seen own = seen.remove(instance);
        List<String> before = new ArrayList<>();
        if (own != null) {
            Instant from = at.minus(config.window());
            own.forEach((p, when) -> {
                if (when.isBefore(at) && !when.isBefore(from) && !pattern.map(p::equals).orElse(false)) {
                    before.add(p);
                }
            });
        }
        Key key = new Key(instance.worker().value(), failure, pattern.orElse(""));
        Group g = groups.computeIfAbsent(key, k -> new Group());
        g.failures++;
        for (String p : before) {
            long[] n = g.preceded.get(p);
            if (n == null && g.preceded.size() < MAX_COUNTED) {
                g.preceded.put(p, n = new long[1]);
            }
            if (n != null) {
                n[0]++;
            }
        }
        List<ErrorPrecursor> fresh = new ArrayList<>();
        for (ErrorPrecursor f : findings(key, g)) {
            if (g.stated.add(f.precursor())) {
                fresh.add(f);
            }
        }
        return new Learned(List.copyOf(before), List.copyOf(fresh));
    }

    /**
     * The strongest finding that names this pattern as a precursor of a failure of this worker.
     *
     * @param worker the worker
     * @param pattern the pattern it just wrote
     * @return that finding, if any
     */
    public Optional<ErrorPrecursor> precursor(WorkerId worker, String pattern) {
        ErrorPrecursor best = null;
        for (Map.Entry<Key, Group> e : groups.entrySet()) {
            Key k = e.getKey();
            if (!k.worker().equals(worker.value()) || k.pattern().equals(pattern)) {
                continue;
            }
            Group g = e.getValue();
            long[] n = g.preceded.get(pattern);
            if (n != null && consistent(n[0], g.failures) && (best == null || n[0] > best.count())) {
                best = finding(k, pattern, n[0], g.failures);
            }
        }
        return Optional.ofNullable(best);
    }

    /** @return the counts of every failure group, in the order first seen (what is saved) */
    public List<Counted> counts() {
        List<Counted> out = new ArrayList<>();
        groups.forEach((k, g) -> {
            Map<String, Long> preceded = new LinkedHashMap<>();
            g.preceded.forEach((p, n) -> preceded.put(p, n[0]));
            out.add(new Counted(k.worker(), k.failure(), k.pattern().isEmpty() ? Optional.empty()
                    : Optional.of(k.pattern()), g.failures, preceded));
        });
        return out;
    }

    /**
     * Takes back saved counts (at start); findings they already hold are not news again. The
     * sightings of the instances are not saved: a line written before a restart precedes no failure
     * after it.
     *
     * @param saved the counts of a previous run
     */
    public void restore(List<Counted> saved) {
        for (Counted c : saved) {
            Key key = new Key(c.worker(), c.failure(), c.pattern().orElse(""));
            Group g = new Group();
            g.failures = c.failures();
            c.preceded().forEach((p, n) -> {
                if (g.preceded.size() < MAX_COUNTED) {
                    g.preceded.put(p, new long[] {n});
                }
            });
            findings(key, g).forEach(f -> g.stated.add(f.precursor()));
            groups.put(key, g);
        }
    }

    /** @return every finding, in the order the failure groups were first seen */
    public List<ErrorPrecursor> findings() {
        List<ErrorPrecursor> out = new ArrayList<>();
        groups.forEach((k, g) -> out.addAll(findings(k, g)));
        return out;
    }

    private List<ErrorPrecursor> findings(Key k, Group g) {
        List<ErrorPrecursor> out = new ArrayList<>();
        g.preceded.forEach((p, n) -> {
            if (consistent(n[0], g.failures)) {
                out.add(finding(k, p, n[0], g.failures));
            }
        });
        return out;
    }

    private boolean consistent(long count, long failures) {
        return failures >= config.minFailures() && count >= config.minShare() * failures;
    }

    private static ErrorPrecursor finding(Key k, String precursor, long count, long of) {
        return new ErrorPrecursor(k.worker(), k.failure(), k.pattern().isEmpty() ? Optional.empty() : Optional.of(k.pattern()),
                precursor, count, of);
    }
}
