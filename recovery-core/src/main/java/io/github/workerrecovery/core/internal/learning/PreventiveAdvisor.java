package io.github.workerrecovery.core.internal.learning;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.AdviceConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns what keeps happening into preventive suggestions, as pattern insights:
 * <ul>
 *   <li><b>recurrence</b>: a pattern (the mined error pattern, else the failure kind) seen more
 *   than {@code recurrence_per_day} times within a sliding 24 h on one worker, with the action
 *   that fixed it best so far and advice for its kind of failure;</li>
 *   <li><b>dear recoveries</b>: a worker whose last {@code costly_streak} successful automatic
 *   recoveries all needed an action at least as dear as {@code restart} although a cheaper one
 *   applied: cheaper actions do not help, the cause needs looking at.</li>
 * </ul>
 * At most one insight of each kind per worker and pattern (per worker for dear recoveries) in
 * 24 h. Pure logic, time passed in; not thread-safe: the engine thread owns it.
 */
public final class PreventiveAdvisor {

    private static final Duration DAY = Duration.ofHours(24);
    private static final String RESTART = "restart";

    private record Key(WorkerId worker, String pattern) {
    }

    /** Per pattern of a worker: when it was seen in the last day, and what fixed it. */
    private static final class Recurrence {
        final Deque<Instant> seen = new ArrayDeque<>();
        final Map<String, int[]> fixes = new TreeMap<>(); // action -> {successes, attempts}
        FailureKind failure;
        String description;
        Instant lastInsight;
    }

    /** Per worker: the current run of dear successful recoveries. */
    private static final class Streak {
        final List<String> actions = new ArrayList<>();
        Instant lastInsight;
    }

    private final AdviceConfig config;
    private final Map<Key, Recurrence> patterns = new HashMap<>();
    private final Map<WorkerId, Streak> streaks = new HashMap<>();

    /** @param config the thresholds */
    public PreventiveAdvisor(AdviceConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * A failure was detected (once per incident).
     *
     * @param worker the worker
     * @param failure its kind
     * @param patternId the mined error pattern, empty when the failure came without error lines
     * @param description the pattern's template (or anything readable) when there is one
     * @param now the time
     * @return a recurrence insight when this failure made the pattern recur too often
     */
    public Optional<PatternInsight> onFailure(WorkerId worker, FailureKind failure, Optional<String> patternId,
                                              String description, Instant now) {
        if (!config.enabled()) {
            return Optional.empty();
        }
        Recurrence r = patterns.computeIfAbsent(new Key(worker, patternId.orElse(failure.name())), k -> new Recurrence());
        r.failure = failure;
        r.description = patternId.isPresent() && !description.isBlank() ? description : failure.name();
        Instant cutoff = now.minus(DAY);
        while (!r.seen.isEmpty() && !r.seen.peekFirst().isAfter(cutoff)) {
            r.seen.pollFirst();
        }
        r.seen.addLast(now);
        int count = r.seen.size();
        if (count <= config.recurrencePerDay() || (r.lastInsight != null && now.isBefore(r.lastInsight.plus(DAY)))) {
            return Optional.empty();
        }
        r.lastInsight = now;
        String fix = bestFix(r.fixes);
        String advice = advice(failure, r.description, worker, fix);
        String message = "worker " + worker + ": `" + r.description + "` " + count + "x in 24 h, "
                + (fix.isEmpty() ? "no recovery fixed it yet" : fix + " fixes it " + rate(r.fixes.get(fix))) + ": " + advice;
        return Optional.of(new PatternInsight(Optional.of(worker), "recurring:" + patternId.orElse(failure.name()),
                r.description, count, advice, message, now));
    }

    /**
     * A recovery was verified.
     *
     * @param outcome the outcome
     * @param dearer whether its action was at least as dear as {@code restart} while a cheaper
     *     one applied (see {@link #dearer})
     * @param now the time
     * @return a dear-recoveries insight when this outcome completed a streak
     */
    public Optional<PatternInsight> onOutcome(RecoveryOutcome outcome, boolean dearer, Instant now) {
        if (!config.enabled()) {
            return Optional.empty();
        }
        WorkerId worker = outcome.instance().worker();
        Recurrence r = patterns.get(new Key(worker, outcome.pattern().orElse(outcome.failure().name())));
        if (r != null) {
            int[] fix = r.fixes.computeIfAbsent(outcome.action(), a -> new int[2]);
            fix[0] += outcome.success() ? 1 : 0;
            fix[1]++;
        }
        if (!outcome.success() || outcome.manual()) {
            return Optional.empty(); // a failed attempt ends no streak; a person's choice says nothing of the ladder
        }
        Streak s = streaks.computeIfAbsent(worker, w -> new Streak());
        if (!dearer) {
            s.actions.clear();
            return Optional.empty();
        }
        s.actions.add(outcome.action());
        if (s.actions.size() < config.costlyStreak()
                || (s.lastInsight != null && now.isBefore(s.lastInsight.plus(DAY)))) {
            return Optional.empty();
        }
        int n = s.actions.size();
        Map<String, Integer> used = new TreeMap<>();
        s.actions.forEach(a -> used.merge(a, 1, Integer::sum));
        s.actions.clear();
        s.lastInsight = now;
        StringBuilder which = new StringBuilder();
        used.forEach((a, k) -> which.append(which.length() == 0 ? "" : ", ").append(a).append(" x").append(k));
        String suggestion = "cheaper actions do not help: look for the root cause (logs/" + worker
                + ".err, its dependencies, its resources) instead of paying for restarts";
        return Optional.of(new PatternInsight(Optional.of(worker), "costly:" + worker,
                "last " + n + " recoveries needed " + which, n, suggestion,
                "worker " + worker + ": the last " + n + " successful recoveries all needed an action as dear as restart ("
                        + which + "): " + suggestion, now));
    }

    /**
     * @param action the action that ran
     * @param failure the failure it ran for
     * @param actions the registered actions, by name
     * @return whether the action costs at least as much as {@code restart} and a cheaper
     *     registered action applies to the failure; false when either is unknown
     */
    public static boolean dearer(String action, FailureKind failure, Map<String, RecoveryAction> actions) {
        RecoveryAction used = actions.get(action);
        RecoveryAction restart = actions.get(RESTART);
        if (used == null || restart == null) {
            return false;
        }
        int cost = cost(used);
        if (cost < cost(restart)) {
            return false;
        }
        for (RecoveryAction a : actions.values()) {
            if (cost(a) < cost && applies(a, failure)) {
                return true;
            }
        }
        return false;
    }

    /** The action with the best success rate (more attempts first on a tie), "" when none succeeded. */
    private static String bestFix(Map<String, int[]> fixes) {
        String best = "";
        double bestRate = 0;
        int bestAttempts = 0;
        for (Map.Entry<String, int[]> e : fixes.entrySet()) {
            int[] f = e.getValue();
            double rate = (double) f[0] / f[1];
            if (f[0] > 0 && (rate > bestRate || (rate == bestRate && f[1] > bestAttempts))) {
                best = e.getKey();
                bestRate = rate;
                bestAttempts = f[1];
            }
        }
        return best;
    }

    private static String rate(int[] fix) {
        return Math.round(100.0 * fix[0] / fix[1]) + " % (" + fix[0] + " of " + fix[1] + ")";
    }

    /** Concrete advice for the kind of failure, read from its kind and its error text. */
    static String advice(FailureKind failure, String description, WorkerId worker, String fix) {
        String text = description.toLowerCase(java.util.Locale.ROOT);
        boolean restartFixes = fix.equals(RESTART) || fix.equals("graceful_restart");
        if (failure == FailureKind.HIGH_MEMORY || failure == FailureKind.MEMORY_LEAK
                || text.contains("outofmemory") || text.contains("out of memory") || text.contains("memoryerror")
                || text.contains("heap space")) {
            return "raise its heap or memory limit, or schedule a restart before it runs out";
        }
        if (failure == FailureKind.CONNECTION_LOST || failure == FailureKind.UNRESPONSIVE
                || text.contains("connection") || text.contains("refused") || text.contains("reset by peer")
                || text.contains("timed out") || text.contains("timeout") || text.contains("unreachable")
                || text.contains("broken pipe")) {
            return "check the dependency's availability and the client's reconnect/keepalive settings";
        }
        return switch (failure) {
            case HEARTBEAT_TIMEOUT -> "look for what stalls it (a deadlock, a long GC pause, a blocking call) and check heartbeat_timeout";
            case HIGH_CPU -> "profile it for a hot loop, or give it more CPU or another instance";
            case HIGH_ERROR_RATE -> "find the input or dependency behind its errors";
            case QUEUE_BACKLOG -> "raise its max_instances or speed up its message handling";
            case START_FAILED -> "check its command, working directory, permissions and environment";
            default -> "fix the error at its source (logs/" + worker + ".err)"
                    + (restartFixes ? ", or schedule a restart" : "");
        };
    }

    private static int cost(RecoveryAction a) {
        try {
            return a.cost();
        } catch (RuntimeException e) {
            return 50; // the planner's assumption for an action whose cost() throws
        }
    }

    private static boolean applies(RecoveryAction a, FailureKind failure) {
        try {
            return a.appliesTo(failure);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
