package io.github.workerrecovery.bench.simulation;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The yardstick of the simulation: what an incident costs, and what it would have cost a policy
 * that knows the true odds of every fix (the oracle). Costs are in seconds of lost service:
 *
 * <pre>
 *   an attempt that fails       {@value #FAILED_ATTEMPT_SECONDS} s   the worker stays broken through the verification window
 *   work lost by the action     restart {@value #RESTART_LOSS_SECONDS} s, graceful_restart {@value #GRACEFUL_LOSS_SECONDS} s,
 *                               anything else 0
 * </pre>
 *
 * <p>The oracle knows which faults could be behind an incident's error lines and how likely each
 * is (one, except where two faults share a pattern), what each action cures, and when a deploy
 * changed a cure; it does not know which of two faults behind one pattern it faces, only their
 * odds, which it updates after each failed attempt (Bayes). Its value is found by looking ahead
 * {@value #DEPTH} attempts:
 *
 * <pre>
 *   Q(b, a) = loss(a) + (1 - P_b(a)) * (failed + V(b'))     P_b(a) = sum over faults f of b(f) * p_f(a)
 *   V(b)    = min over a of Q(b, a)                         b'(f) ~ b(f) * (1 - p_f(a))
 * </pre>
 *
 * <p>Regret is counted per decision as {@code Q(b, a) - V(b)} in the belief the policy's own
 * earlier attempts left: the expected cost the choice added over the oracle's. Summed over an
 * incident it is, in expectation, the policy's cost less the oracle's (the performance difference
 * of the two), without the noise of which fixes happened to work. In a shared outage nothing
 * cures, the oracle waits, and each action costs only the work it loses.
 */
final class RegretOracle {

    static final double FAILED_ATTEMPT_SECONDS = 60;
    static final double RESTART_LOSS_SECONDS = 30;
    static final double GRACEFUL_LOSS_SECONDS = 5;
    static final int DEPTH = 6;
    static final List<String> ACTIONS = List.of("connection_reset", "graceful_restart", "restart");

    private RegretOracle() {
    }

    /** @return the work an action loses, in seconds */
    static double loss(String action) {
        return switch (action) {
            case "restart" -> RESTART_LOSS_SECONDS;
            case "graceful_restart" -> GRACEFUL_LOSS_SECONDS;
            default -> 0;
        };
    }

    /** @return what the worker sees of an action, or null for an action that does nothing to these faults */
    static WorkerEffect effect(String action) {
        return switch (action) {
            case "connection_reset" -> WorkerEffect.RECONNECTED;
            case "graceful_restart" -> WorkerEffect.STOPPED_GRACEFULLY;
            case "restart" -> WorkerEffect.KILLED;
            default -> null;
        };
    }

    /**
     * @param weights the faults that could be behind the lines, by weight
     * @return the belief: the same faults with probabilities that add up to 1
     */
    static Map<FaultType, Double> belief(Map<FaultType, Integer> weights) {
        double sum = weights.values().stream().mapToInt(Integer::intValue).sum();
        Map<FaultType, Double> b = new EnumMap<>(FaultType.class);
        weights.forEach((t, w) -> b.put(t, w / sum));
        return b;
    }

    /** @return the chance that the action cures the fault, under the belief */
    static double cureOdds(Map<FaultType, Double> b, String action) {
        WorkerEffect e = effect(action);
        if (e == null) {
            return 0;
        }
        double p = 0;
        for (Map.Entry<FaultType, Double> f : b.entrySet()) {
            p += f.getValue() * f.getKey().odds(e);
        }
        return p;
    }

    /** @return the belief after the action failed */
    static Map<FaultType, Double> afterFailure(Map<FaultType, Double> b, String action) {
        WorkerEffect e = effect(action);
        if (e == null) {
            return b;
        }
        Map<FaultType, Double> out = new EnumMap<>(FaultType.class);
        double sum = 0;
        for (Map.Entry<FaultType, Double> f : b.entrySet()) {
            double v = f.getValue() * (1 - f.getKey().odds(e));
            out.put(f.getKey(), v);
            sum += v;
        }
        if (sum <= 0) {
            return b; // cannot fail under the belief; keep it
        }
        double total = sum;
        out.replaceAll((t, v) -> v / total);
        return out;
    }

    private static boolean outage(Map<FaultType, Double> b) {
        return b.keySet().stream().allMatch(FaultType::outage);
    }

    /** @return the oracle's expected cost of the incident from this belief on, in seconds */
    static double value(Map<FaultType, Double> b) {
        return outage(b) ? 0 : value(b, DEPTH);
    }

    /** @return the expected cost of trying the action now and acting as the oracle after it, in seconds */
    static double q(Map<FaultType, Double> b, String action) {
        if (outage(b)) {
            return loss(action);
        }
        return q(b, action, DEPTH);
    }

    /** @return the oracle's first choice under the belief (the cheaper of two equal ones: the earlier in {@link #ACTIONS}) */
    static String choice(Map<FaultType, Double> b) {
        String best = ACTIONS.get(0);
        double bestQ = Double.MAX_VALUE;
        for (String a : ACTIONS) {
            double v = q(b, a);
            if (v < bestQ - 1e-9) {
                bestQ = v;
                best = a;
            }
        }
        return best;
    }

    private static double value(Map<FaultType, Double> b, int depth) {
        double best = Double.MAX_VALUE;
        for (String a : ACTIONS) {
            best = Math.min(best, depth == 0 ? stationary(b, a) : q(b, a, depth));
        }
        return best;
    }

    private static double q(Map<FaultType, Double> b, String action, int depth) {
        double p = cureOdds(b, action);
        if (p >= 1) {
            return loss(action);
        }
        return loss(action) + (1 - p) * (FAILED_ATTEMPT_SECONDS + value(afterFailure(b, action), depth - 1));
    }

    /** Beyond the look-ahead: the cost of repeating one action until it works, as if the belief stayed. */
    private static double stationary(Map<FaultType, Double> b, String action) {
        double p = cureOdds(b, action);
        return p <= 0 ? 1e9 : (loss(action) + (1 - p) * FAILED_ATTEMPT_SECONDS) / p;
    }
}
