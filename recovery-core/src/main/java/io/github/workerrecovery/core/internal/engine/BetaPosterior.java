package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.StrategyStats;
import java.util.random.RandomGenerator;

/**
 * The Beta posterior over an action's success for one (failure kind, error pattern), built from
 * three sources of belief, in pseudo-counts:
 *
 * <pre>
 *   alpha = alpha0(rung) + w * r       + s
 *   beta  = 1            + w * (1 - r) + (n - s)
 *
 *   alpha0(rung) = 1 + 3 / 2^rung   for the action's 0-based place on the worker's ladder
 *                                   (its {@code actions:} list, or the default ladder of the failure):
 *                                   Beta(4,1), Beta(2.5,1), Beta(1.75,1), ...
 *   alpha0       = 1                off the ladder: Beta(1,1), no opinion
 *   s, n         = successes and attempts of this action for this failure and pattern (all origins)
 *   S, N         = the same for this failure kind under every other pattern (the kind's pooled evidence)
 *   r            = S / N            (0 when N = 0)
 *   w            = max(0, min(N, {@value #POOL_CAP}) - n)
 * </pre>
 *
 * <p>So a cold start leans on the ladder, and a new pattern of a known failure kind starts from
 * what the kind taught, worth at most {@value #POOL_CAP} observations; each observation of the
 * pattern's own replaces one of them, because two causes of one failure kind may need opposite
 * fixes and the kind must not drown out what the pattern shows. Sampling uses Marsaglia and
 * Tsang's gamma method over normals from Box–Muller, drawn only through
 * {@link RandomGenerator#nextDouble()}, so a seeded generator gives the same draws on any JDK.
 *
 * @param alpha the first shape parameter, > 0
 * @param beta the second shape parameter, > 0
 */
record BetaPosterior(double alpha, double beta) {

    /** The most pseudo-observations a pattern borrows from its failure kind. */
    static final int POOL_CAP = 4;

    /**
     * @param rung the action's 0-based place on the worker's ladder, or -1 when it is not on it
     * @param own this pattern's evidence for the action
     * @param pooled the failure kind's evidence for the action under every other pattern
     * @return the posterior
     */
    static BetaPosterior of(int rung, StrategyStats own, StrategyStats pooled) {
        double a = rung < 0 ? 1.0 : 1.0 + 3.0 / Math.pow(2, Math.min(rung, 30));
        double b = 1.0;
        double w = Math.max(0, Math.min(pooled.attempts(), POOL_CAP) - own.attempts());
        if (w > 0) {
            double r = (double) pooled.successes() / pooled.attempts();
            a += w * r;
            b += w * (1 - r);
        }
        return new BetaPosterior(a + own.successes(), b + own.failures());
    }

    /** @return the posterior mean alpha / (alpha + beta) */
    double mean() {
        return alpha / (alpha + beta);
    }

    /**
     * @param random the seeded source
     * @return one draw from the distribution, in [0, 1]
     */
    double sample(RandomGenerator random) {
        double x = gamma(alpha, random);
        double y = gamma(beta, random);
        return x + y == 0 ? 0.5 : x / (x + y);
    }

    private static double gamma(double shape, RandomGenerator random) {
        if (shape < 1) {
            // boost: Gamma(a) = Gamma(a + 1) * U^(1/a)
            return gamma(shape + 1, random) * Math.pow(1 - random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = normal(random);
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = 1 - random.nextDouble(); // (0, 1]: log(u) is finite
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    private static double normal(RandomGenerator random) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
