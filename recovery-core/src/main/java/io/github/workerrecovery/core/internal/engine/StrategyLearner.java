package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.KnowledgeUpdate;
import io.github.workerrecovery.api.StrategyKey;
import io.github.workerrecovery.api.StrategyStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Adds verified evidence to the {@link StrategyBook} and notices when it changes what the planner
 * prefers for a (failure kind, error pattern): only then is there news for the knowledge sage.
 * Engine thread only.
 */
final class StrategyLearner {

    private final StrategyBook book;
    private final RecoveryPlanner planner;

    StrategyLearner(StrategyBook book, RecoveryPlanner planner) {
        this.book = book;
        this.planner = planner;
    }

    /**
     * @param key the strategy the evidence is about
     * @param success whether the action worked (and the instance stayed healthy through probation)
     * @param timeToRecover how long recovery took (ignored for failures)
     * @param allowed the allowed actions of the worker the evidence comes from, empty for all: the
     *     preference compared is that worker's
     * @param now when
     * @return the knowledge update when the preferred action for the key's failure and pattern changed
     */
    Optional<KnowledgeUpdate> record(StrategyKey key, boolean success, Duration timeToRecover, List<String> allowed,
                                     Instant now) {
        Optional<String> before = planner.preferred(key.failure(), key.pattern(), allowed);
        book.record(key, success, timeToRecover);
        Optional<String> after = planner.preferred(key.failure(), key.pattern(), allowed);
        if (after.isEmpty() || after.equals(before)) {
            return Optional.empty();
        }
        StrategyStats stats = book.total(new StrategyKey(key.failure(), key.pattern(), after.get()));
        String scope = key.failure() + key.pattern().map(p -> " [" + p + "]").orElse("");
        String evidence = stats.attempts() == 0 ? "not tried yet"
                : Math.round(stats.successRate() * 100) + "% of " + stats.attempts();
        String message = "preferred action for " + scope + " is now " + after.get()
                + before.map(b -> " instead of " + b).orElse("") + " (" + evidence + "; " + key.action()
                + (success ? " worked" : " failed") + ")";
        return Optional.of(new KnowledgeUpdate(key.failure(), key.pattern(), before, after.get(), stats, message, now));
    }
}
