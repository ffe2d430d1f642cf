package io.github.workerrecovery.core.patterns;

import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Mines error messages into patterns online, in the style of the Drain log parser: each message
 * has its log header stripped (timestamp, level, logger, pid and thread), its variable values
 * masked (numbers, hex, UUIDs, addresses with ports, paths, URLs, e-mail-like ids, dates, times,
 * durations, sizes, quoted strings), and is then put in the most similar pattern of a fixed-depth
 * tree, or starts a new one. A multi-line error (stack trace, traceback) is mined by its
 * fingerprint: exception type and first frame of the worker's own code must be equal, the
 * message is mined like a line. JSON and logfmt lines are mined by their message field.
 *
 * <p>One configuration for every worker's output: nothing to tune per log format. Pattern ids
 * are stable (a hash of the first template, kept when the template is generalised later) and
 * survive a {@link #restore(Collection) restore}. At most {@code maxPatterns} patterns are kept;
 * when a new one would exceed that, the least recently seen is forgotten, so memory is bounded by
 * the cap. Each message costs bounded work: at most {@value MessageMasker#MAX_MESSAGE_CHARS}
 * characters and {@value MessageMasker#MAX_TOKENS} tokens are looked at.
 *
 * <p>Not thread-safe: confine a miner to one thread (the engine's).
 */
public final class ErrorPatternMiner {

    /** The default cap on patterns kept. */
    public static final int DEFAULT_MAX_PATTERNS = 10_000;

    private final TimeSource time;
    private final int maxPatterns;
    private final PatternTree tree = new PatternTree();
    /** Every pattern by id, least recently seen first (access order). */
    private final LinkedHashMap<String, Cluster> byId = new LinkedHashMap<>(64, 0.75f, true);
    private long evicted;

    /**
     * A miner that keeps up to {@value #DEFAULT_MAX_PATTERNS} patterns.
     *
     * @param time where first and last seen come from
     */
    public ErrorPatternMiner(TimeSource time) {
        this(time, DEFAULT_MAX_PATTERNS);
    }

    /**
     * @param time where first and last seen come from
     * @param maxPatterns the most patterns kept, {@code >= 1}
     * @throws IllegalArgumentException when {@code maxPatterns < 1}
     */
    public ErrorPatternMiner(TimeSource time, int maxPatterns) {
        this.time = Objects.requireNonNull(time, "time");
        if (maxPatterns < 1) {
            throw new IllegalArgumentException("maxPatterns must be >= 1 but was " + maxPatterns);
        }
        this.maxPatterns = maxPatterns;
    }

    /**
     * Mines one single-line message without a worker.
     *
     * @param message a log line or message
     * @return its pattern; empty for a blank message
     */
    public Optional<PatternMatch> add(String message) {
        return add(null, ErrorEvent.line(message));
    }

    /**
     * Mines one event without a worker.
     *
     * @param event a line or a multi-line error
     * @return its pattern; empty for a blank line
     */
    public Optional<PatternMatch> add(ErrorEvent event) {
        return add(null, event);
    }

    /**
     * Mines one event and counts it for a worker.
     *
     * @param worker the worker that wrote it, or {@code null} for none
     * @param event a line or a multi-line error
     * @return its pattern; empty for a blank line
     */
    public Optional<PatternMatch> add(WorkerId worker, ErrorEvent event) {
        Key key = key(event);
        if (key == null) {
            return Optional.empty();
        }
        Instant now = time.now();
        PatternTree.Node leaf = tree.leaf(key.group(), key.tokens(), true);
        Cluster c = PatternTree.best(leaf, key.tokens(), false);
        boolean created = c == null;
        if (created) {
            c = create(key, leaf, now);
        } else {
            PatternTree.merge(c, key.tokens());
            byId.get(c.id); // touch: most recently seen
        }
        c.seen(now, worker);
        return Optional.of(new PatternMatch(c.id, c.template(), c.location, created));
    }

    /**
     * Finds the pattern a message belongs to without learning from it: every token must match
     * the pattern's, where {@code <*>} matches anything. Counts and recency are left alone.
     *
     * @param event a line or a multi-line error
     * @return its pattern, when one matches
     */
    public Optional<PatternMatch> assign(ErrorEvent event) {
        Key key = key(event);
        if (key == null) {
            return Optional.empty();
        }
        PatternTree.Node leaf = tree.leaf(key.group(), key.tokens(), false);
        Cluster c = leaf == null ? null : PatternTree.best(leaf, key.tokens(), true);
        return c == null ? Optional.empty() : Optional.of(new PatternMatch(c.id, c.template(), c.location, false));
    }

    /**
     * @param id a pattern id
     * @return that pattern, if it is kept
     */
    public Optional<ErrorPattern> pattern(String id) {
        Cluster c = byId.get(id);
        return c == null ? Optional.empty() : Optional.of(c.snapshot());
    }

    /** @return every kept pattern, most frequent first (ties: by id) */
    public List<ErrorPattern> patterns() {
        List<ErrorPattern> all = new ArrayList<>(byId.size());
        for (Cluster c : byId.values()) {
            all.add(c.snapshot());
        }
        all.sort(Comparator.comparingLong(ErrorPattern::count).reversed().thenComparing(ErrorPattern::id));
        return List.copyOf(all);
    }

    /** @return how many patterns are kept */
    public int size() {
        return byId.size();
    }

    /** @return how many patterns were forgotten to keep the cap */
    public long evicted() {
        return evicted;
    }

    /**
     * Puts saved patterns back, with their ids, counts and times, least recently seen first so
     * that the cap forgets the same ones it would have. A pattern whose id is already kept is
     * skipped.
     *
     * @param saved patterns from {@link #patterns()} of an earlier miner
     */
    public void restore(Collection<ErrorPattern> saved) {
        List<ErrorPattern> ordered = new ArrayList<>(saved);
        ordered.sort(Comparator.comparing(ErrorPattern::lastSeen).thenComparing(ErrorPattern::id));
        for (ErrorPattern p : ordered) {
            if (byId.containsKey(p.id())) {
                continue;
            }
            Key key = restoredKey(p);
            PatternTree.Node leaf = tree.leaf(key.group(), key.tokens(), true);
            Cluster c = new Cluster(p.id(), key.type(), p.location(), key.tokens(), p.firstSeen());
            c.restoreCounts(p.count(), p.lastSeen(), p.workers());
            PatternTree.add(leaf, c);
            byId.put(c.id, c);
            evictBeyondCap();
        }
    }

    private Cluster create(Key key, PatternTree.Node leaf, Instant now) {
        String first = Cluster.render(key.type(), key.tokens());
        String id = PatternIds.of(first, key.location(), 0);
        for (int attempt = 1; byId.containsKey(id); attempt++) {
            id = PatternIds.of(first, key.location(), attempt);
        }
        Cluster c = new Cluster(id, key.type(), key.location(), key.tokens().clone(), now);
        PatternTree.add(leaf, c);
        byId.put(id, c);
        evictBeyondCap();
        return c;
    }

    private void evictBeyondCap() {
        Iterator<Cluster> oldest = byId.values().iterator();
        while (byId.size() > maxPatterns && oldest.hasNext()) {
            Cluster c = oldest.next();
            oldest.remove();
            tree.remove(c);
            evicted++;
        }
    }

    // ------------------------------------------------------------------ keys

    /** What a message is compared by: its group in the tree, its tokens, and for a trace type and location. */
    private record Key(Object group, String[] tokens, String type, String location) {
    }

    private static Key key(ErrorEvent event) {
        if (event.kind() == ErrorEvent.Kind.LINE) {
            String message = MessageText.of(event.lines().get(0));
            if (message.isEmpty()) {
                return null;
            }
            String[] tokens = MessageMasker.tokens(message);
            return tokens.length == 0 ? null : new Key(tokens.length, tokens, "", "");
        }
        TraceFingerprint f = TraceFingerprint.of(event);
        return traceKey(f.type(), MessageMasker.tokens(f.message()), f.location());
    }

    private static Key traceKey(String type, String[] tokens, String location) {
        return new Key(type + '\u0000' + location + '\u0000' + tokens.length, tokens, type, location);
    }

    private static Key restoredKey(ErrorPattern p) {
        String template = p.template();
        if (p.location().isEmpty()) {
            String[] tokens = template.split(" ");
            return new Key(tokens.length, tokens, "", "");
        }
        int colon = template.indexOf(": ");
        boolean typed = colon > 0 && template.lastIndexOf(' ', colon) < 0;
        String type = typed ? template.substring(0, colon) : template;
        String[] tokens = typed ? template.substring(colon + 2).split(" ") : new String[0];
        return traceKey(type, tokens, p.location());
    }
}
