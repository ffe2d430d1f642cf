package io.github.workerrecovery.core.patterns;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Grouping accuracy (GA) as log-parsing benchmarks define it: a message counts as right only when
 * the group it was put in holds exactly the messages of its true group; GA = right / all.
 */
final class GroupingAccuracy {

    private GroupingAccuracy() {
    }

    /**
     * @param predicted the predicted group of each message
     * @param truth the true group of each message, same order
     * @return how many messages are grouped right
     */
    static <P, T> int right(List<P> predicted, List<T> truth) {
        if (predicted.size() != truth.size()) {
            throw new IllegalArgumentException("predicted " + predicted.size() + " but " + truth.size() + " true labels");
        }
        Map<P, Integer> predictedSize = new HashMap<>();
        Map<T, Integer> truthSize = new HashMap<>();
        Map<P, T> truthOfPredicted = new HashMap<>();
        Map<P, Boolean> pure = new HashMap<>();
        for (int i = 0; i < predicted.size(); i++) {
            P p = predicted.get(i);
            T t = truth.get(i);
            predictedSize.merge(p, 1, Integer::sum);
            truthSize.merge(t, 1, Integer::sum);
            T seen = truthOfPredicted.putIfAbsent(p, t);
            if (seen != null && !seen.equals(t)) {
                pure.put(p, false);
            }
        }
        int right = 0;
        for (Map.Entry<P, Integer> e : predictedSize.entrySet()) {
            P p = e.getKey();
            if (pure.getOrDefault(p, true) && truthSize.get(truthOfPredicted.get(p)).equals(e.getValue())) {
                right += e.getValue();
            }
        }
        return right;
    }
}
