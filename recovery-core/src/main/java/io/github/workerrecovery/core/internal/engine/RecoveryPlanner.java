package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryDecision;
import io.github.workerrecovery.api.RecoveryDecision.Candidate;
import io.github.workerrecovery.api.RecoveryDecision.Policy;
import io.github.workerrecovery.api.StrategyKey;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.core.RecoveryConfig.StrategySelection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.random.RandomGenerator;

/**
 * Chooses the action for a recovery attempt and says why ({@link RecoveryDecision}).
 *
 * <p>Candidates are the actions that apply to the failure and that the worker allows: the
 * worker's {@code actions:} list (or the default ladder of the failure) in order, then the other
 * applicable actions by cost. An action the config forbids is never a candidate. Actions that
 * already failed in the current incident are left out while others remain.
 *
 * <p>{@link StrategySelection#LEARNED}: while no candidate has any evidence for the failure kind
 * (under any pattern), the first candidate is taken, as on the ladder: a draw would only echo the
 * prior, and the first incident ever deserves the sane default. Otherwise each candidate's
 * {@link BetaPosterior} (ladder prior, the failure kind's pooled evidence, the pattern's own
 * evidence) is sampled once (Thompson sampling); among the candidates whose draw is within {@value #COST_MARGIN} of the best draw the
 * cheapest wins. On a critical worker, when some candidate is <em>known to work</em> for this
 * failure and pattern (at least one success and a posterior mean of at least 0.5), candidates
 * never tried for it are left out, so exploration never passes over a working action for an
 * untried one. {@link StrategySelection#LADDER}: one rung up the ladder per failed attempt of the
 * incident, whatever was learned.
 *
 * <p>Evidence is the book's {@linkplain StrategyBook#current current} evidence: after the change
 * detector saw an action's results change for a key (a deploy changed the cause), only what
 * came after the change counts.
 *
 * <p>Engine thread only: the random source is not shared.
 */
final class RecoveryPlanner {

    /** Draws (or means) this close to the best count as a tie that the cheaper action wins. */
    static final double COST_MARGIN = 0.05;

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
    private final StrategySelection selection;
    private final RandomGenerator random;

    /**
     * @param actions the registered actions, by name
     * @param book what was learned
     * @param selection learned or ladder
     * @param random the seeded source of the Thompson draws
     */
    RecoveryPlanner(Map<String, RecoveryAction> actions, StrategyBook book, StrategySelection selection,
                    RandomGenerator random) {
        this.actions = actions;
        this.book = book;
        this.selection = selection;
        this.random = random;
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
            if (usable(name, failure, allowed) && !out.contains(name)) {
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
     * Actions to put first: those that apply to another failure kind that the resources before this
     * failure point at (a failure preceded by a memory climb: the memory actions), and why.
     *
     * @param asIf the failure kind whose actions go first
     * @param note the reason, kept in the decision
     */
    record Lead(FailureKind asIf, String note) {
    }

    /**
     * @param failure the diagnosis
     * @param allowed the worker's allowed actions, empty for all
     * @param lead actions to put first, or null
     * @return the candidates: with a lead, the actions that apply to its kind but not to the failure
     *     first (in that kind's order), then the failure's own
     */
    List<String> candidates(FailureKind failure, List<String> allowed, Lead lead) {
        List<String> own = candidates(failure, allowed);
        if (lead == null) {
            return own;
        }
        List<String> out = new ArrayList<>();
        for (String name : candidates(lead.asIf(), allowed)) {
            if (!own.contains(name)) {
                out.add(name);
            }
        }
        out.addAll(own);
        return out;
    }

    /**
     * @param failure the diagnosis
     * @param pattern the error pattern of the incident, if any
     * @param allowed the worker's allowed actions, empty for all
     * @param critical whether the worker is critical
     * @param failedThisIncident actions that already failed in this incident
     * @return the decision, or empty when no action applies
     */
    Optional<RecoveryDecision> choose(FailureKind failure, Optional<String> pattern, List<String> allowed,
                                      boolean critical, List<String> failedThisIncident) {
        return choose(failure, pattern, allowed, critical, failedThisIncident, null);
    }

    /**
     * @param failure the diagnosis
     * @param pattern the error pattern of the incident, if any
     * @param allowed the worker's allowed actions, empty for all
     * @param critical whether the worker is critical
     * @param failedThisIncident actions that already failed in this incident
     * @param lead actions to put first on the ladder and why, or null: the decision's note says so
     *     when it changed the candidates
     * @return the decision, or empty when no action applies
     */
    Optional<RecoveryDecision> choose(FailureKind failure, Optional<String> pattern, List<String> allowed,
                                      boolean critical, List<String> failedThisIncident, Lead lead) {
        List<String> candidates = candidates(failure, allowed, lead);
        List<String> ladder = allowed.isEmpty() ? ladder(failure) : allowed;
        int added = candidates.size() - candidates(failure, allowed).size();
        if (added > 0) {
            // the lead's actions head the ladder, so they get the first rungs' priors
            List<String> led = new ArrayList<>(candidates.subList(0, added));
            led.addAll(ladder);
            return chooseAmong(failure, pattern, critical, failedThisIncident, candidates, led)
                    .map(d -> d.withNote(Optional.of(lead.note())));
        }
        return chooseAmong(failure, pattern, critical, failedThisIncident, candidates, ladder);
    }

    private Optional<RecoveryDecision> chooseAmong(FailureKind failure, Optional<String> pattern, boolean critical,
                                                   List<String> failedThisIncident, List<String> candidates,
                                                   List<String> ladder) {
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        List<String> fresh = new ArrayList<>(candidates);
        fresh.removeAll(failedThisIncident);
        List<String> pool = fresh.isEmpty() ? candidates : fresh;
        if (selection == StrategySelection.LADDER) {
            // climb the ladder: one rung further for every failed attempt of this incident
            int rung = Math.min(failedThisIncident.size(), candidates.size() - 1);
            String next = candidates.get(rung);
            String chosen = pool.contains(next) ? next : pool.get(0);
            return Optional.of(decision(Policy.LADDER, chosen, false, views(failure, pattern, ladder, pool)));
        }
        List<View> views = views(failure, pattern, ladder, pool);
        if (views.stream().allMatch(View::cold)) {
            // nothing learned about any candidate, here or under another pattern: a draw would
            // only echo the prior, so take its best guess, the first rung, as the ladder does
            return Optional.of(decision(Policy.LEARNED, pool.get(0), false, views));
        }
        if (critical && views.stream().anyMatch(View::knownToWork)) {
            views.removeIf(v -> v.own.attempts() == 0);
        }
        List<View> sampled = new ArrayList<>();
        for (View v : views) {
            sampled.add(v.withSample(v.posterior.sample(random)));
        }
        String chosen = pick(sampled, View::sampleValue);
        String greedy = pick(sampled, v -> v.posterior.mean());
        return Optional.of(decision(Policy.LEARNED, chosen, !chosen.equals(greedy), sampled));
    }

    /**
     * The action of a shared outage's canary: the cheapest that applies (ladder order between equals).
     * A canary only asks whether the shared dependency is back; the learned odds say which action
     * fixes this pattern when it is the worker's own fault, which an outage is not.
     *
     * @param failure the diagnosis
     * @param pattern the incident's error pattern, if any
     * @param allowed the worker's allowed actions, empty for all
     * @return the decision, or empty when no action applies
     */
    Optional<RecoveryDecision> canary(FailureKind failure, Optional<String> pattern, List<String> allowed) {
        List<String> candidates = candidates(failure, allowed);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        // candidates come in ladder order; the stable sort keeps that order between equal costs
        String cheapest = candidates.stream().sorted(Comparator.comparingInt(this::cost)).findFirst().orElseThrow();
        List<String> ladder = allowed.isEmpty() ? ladder(failure) : allowed;
        return Optional.of(decision(Policy.CANARY, cheapest, false, views(failure, pattern, ladder, candidates)));
    }

    /**
     * The view of a manual choice: the same candidates and odds, without a draw.
     *
     * @param failure the diagnosis (UNKNOWN without one)
     * @param pattern the incident's error pattern, if any
     * @param allowed the worker's allowed actions, empty for all
     * @param action what the person asked for
     * @return the decision
     */
    RecoveryDecision manual(FailureKind failure, Optional<String> pattern, List<String> allowed, String action) {
        List<String> names = new ArrayList<>(candidates(failure, allowed));
        if (!names.contains(action)) {
            names.add(action);
        }
        List<String> ladder = allowed.isEmpty() ? ladder(failure) : allowed;
        return decision(Policy.MANUAL, action, false, views(failure, pattern, ladder, names));
    }

    /**
     * The action the planner would pick for a worker without exploring: the highest posterior mean
     * (the cheaper within {@value #COST_MARGIN}) among the worker's candidates. A change of it is
     * news for the knowledge sage.
     *
     * @param failure the failure kind
     * @param pattern the error pattern, if any
     * @param allowed the worker's allowed actions, empty for all
     * @return the preferred action, empty when none applies
     */
    Optional<String> preferred(FailureKind failure, Optional<String> pattern, List<String> allowed) {
        List<String> names = candidates(failure, allowed);
        if (names.isEmpty()) {
            return Optional.empty();
        }
        List<String> ladder = allowed.isEmpty() ? ladder(failure) : allowed;
        return Optional.of(pick(views(failure, pattern, ladder, names), v -> v.posterior.mean()));
    }

    private List<View> views(FailureKind failure, Optional<String> pattern, List<String> ladder, List<String> names) {
        List<View> out = new ArrayList<>();
        for (String name : names) {
            StrategyKey key = new StrategyKey(failure, pattern, name);
            StrategyStats own = book.current(key);
            StrategyStats pooled = book.pooled(failure, pattern, name);
            BetaPosterior posterior = BetaPosterior.of(ladder.indexOf(name), own, pooled);
            out.add(new View(name, own, pooled.attempts(), posterior, cost(name), OptionalDouble.empty()));
        }
        return out;
    }

    /**
     * Highest value wins; among those within the margin of it, the cheapest; then the higher
     * value; then the earlier candidate.
     */
    private static String pick(List<View> views, java.util.function.ToDoubleFunction<View> value) {
        double top = views.stream().mapToDouble(value).max().orElseThrow();
        View best = null;
        for (View v : views) {
            if (value.applyAsDouble(v) < top - COST_MARGIN) {
                continue;
            }
            if (best == null || v.cost < best.cost
                    || (v.cost == best.cost && value.applyAsDouble(v) > value.applyAsDouble(best))) {
                best = v;
            }
        }
        return best.action;
    }

    private static RecoveryDecision decision(Policy policy, String chosen, boolean explored, List<View> views) {
        List<Candidate> candidates = new ArrayList<>();
        views.stream()
                .sorted(Comparator.comparingDouble((View v) -> -v.posterior.mean()).thenComparingInt(v -> v.cost))
                .forEach(v -> candidates.add(new Candidate(v.action, v.own.attempts(), v.own.successes(),
                        v.posterior.mean(), v.sample, v.cost)));
        return new RecoveryDecision(policy, chosen, explored, candidates);
    }

    /** @return the cost of each action, by name */
    Map<String, Integer> costs() {
        Map<String, Integer> out = new LinkedHashMap<>();
        actions.values().forEach(a -> out.put(a.name(), safeCost(a)));
        return out;
    }

    private int cost(String name) {
        RecoveryAction a = actions.get(name);
        return a == null ? 50 : safeCost(a);
    }

    static int safeCost(RecoveryAction a) {
        try {
            return a.cost();
        } catch (RuntimeException e) {
            return 50;
        }
    }

    /** One candidate as the planner sees it. */
    private record View(String action, StrategyStats own, long pooledAttempts, BetaPosterior posterior, int cost,
                        OptionalDouble sample) {

        /** No evidence for this action under this failure kind, with any pattern. */
        boolean cold() {
            return own.attempts() == 0 && pooledAttempts == 0;
        }

        /** At least one success for this failure and pattern, and even odds or better. */
        boolean knownToWork() {
            return own.successes() >= 1 && posterior.mean() >= 0.5;
        }

        double sampleValue() {
            return sample.orElseThrow();
        }

        View withSample(double value) {
            return new View(action, own, pooledAttempts, posterior, cost, OptionalDouble.of(value));
        }
    }
}
