package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.RecoveryAction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the action for a recovery attempt. Candidates are the actions that apply to the
 * failure and that the worker allows. Before anything is learned, the default ladder for the
 * failure is climbed one rung per failed attempt; once a candidate has enough verified
 * attempts, the one with the best observed success wins (the cheaper when the odds are close),
 * skipping actions that already failed in the current incident while others remain.
 */
final class RecoveryPlanner {

    private static final Map<FailureKind, List<String>> LADDERS = new EnumMap<>(FailureKind.class);

    static {
        List<String> dead = List.of("restart");
        LADDERS.put(FailureKind.PROCESS_EXITED, dead);
        LADDERS.put(FailureKind.START_FAILED, dead);
        LADDERS.put(FailureKind.HEARTBEAT_TIMEOUT, List.of("graceful_restart", "restart"));
        LADDERS.put(FailureKind.UNRESPONSIVE, List.of("connection_reset", "graceful_restart", "restart"));
        LADDERS.put(FailureKind.CONNECTION_LOST, List.of("connection_reset", "graceful_restart", "restart"));
        LADDERS.put(FailureKind.HIGH_ERROR_RATE, List.of("connection_reset", "graceful_restart", "restart"));
        LADDERS.put(FailureKind.HIGH_MEMORY, List.of("memory_cleanup", "graceful_restart", "restart"));
        LADDERS.put(FailureKind.MEMORY_LEAK, List.of("graceful_restart", "restart"));
        LADDERS.put(FailureKind.HIGH_CPU, List.of("graceful_restart", "restart", "scale_up"));
        LADDERS.put(FailureKind.QUEUE_BACKLOG, List.of("scale_up"));
        LADDERS.put(FailureKind.UNKNOWN, List.of("connection_reset", "graceful_restart", "restart", "scale_up"));
    }

    private final Map<String, RecoveryAction> actions;
    private final StrategyBook book;

    RecoveryPlanner(Map<String, RecoveryAction> actions, StrategyBook book) {
        this.actions = actions;
        this.book = book;
    }

    /** @return the default ladder of a failure kind */
    static List<String> ladder(FailureKind failure) {
        return LADDERS.getOrDefault(failure, List.of("restart"));
    }

    /**
     * @param failure the diagnosis
     * @param allowed the worker's allowed actions, empty for all
         * @return the candidates: the worker's list (or the default ladder) in order, then the other
     *     applicable actions by cost
     */
    List<String> candidates(FailureKind failure, List<String> allowed) {
        List<String> out = new ArrayList<>();
        // a worker's own list is its ladder; otherwise the default ladder for the failure
        for (String name : allowed.isEmpty() ? ladder(failure) : allowed) {
            if (usable(name, failure, allowed)) {
                out.add(name);
            }
        }
        actions.values().stream()
                .filter(a -> !out.contains(a.name()) && usable(a.name(), failure, allowed))
                .sorted(Comparator.comparingInt(RecoveryPlanner::safeCost).thenComparing(RecoveryAction::name))
                .forEach(a -> out.add(a.name()));
        return out;
    }

    private boolean usable(String name, FailureKind failure, List<String> allowed) {
        RecoveryAction a = actions.get(name);
        if (a == null || !(allowed.isEmpty() || allowed.contains(name))) {
            return false;
        }
        try {
            return a.appliesTo(failure);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * @param failure the diagnosis
     * @param allowed the worker's allowed actions, empty for all
     * @param failedThisIncident actions that already failed in this incident
     * @return the action to run, or empty when none applies
     */
    Optional<String> choose(FailureKind failure, List<String> allowed, List<String> failedThisIncident) {
        List<String> candidates = candidates(failure, allowed);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        List<String> fresh = new ArrayList<>(candidates);
        fresh.removeAll(failedThisIncident);
        List<String> pool = fresh.isEmpty() ? candidates : fresh;
        Map<String, Integer> costs = new LinkedHashMap<>();
        for (String name : pool) {
            if (book.learned(failure, name)) {
                costs.put(name, safeCost(actions.get(name)));
            }
        }
        Optional<String> learned = book.best(failure, costs);
        if (learned.isPresent()) {
            return learned;
        }
        // climb the ladder: one rung further for every failed attempt of this incident
        int rung = Math.min(failedThisIncident.size(), candidates.size() - 1);
        String next = candidates.get(rung);
        return Optional.of(pool.contains(next) ? next : pool.get(0));
    }

    /** @return the cost of each action, by name */
    Map<String, Integer> costs() {
        Map<String, Integer> out = new LinkedHashMap<>();
        actions.values().forEach(a -> out.put(a.name(), safeCost(a)));
        return out;
    }

    static int safeCost(RecoveryAction a) {
        try {
            return a.cost();
        } catch (RuntimeException e) {
            return 50;
        }
    }
}
