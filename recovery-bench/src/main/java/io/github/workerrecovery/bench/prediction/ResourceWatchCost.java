package io.github.workerrecovery.bench.prediction;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.PredictionConfig;
import io.github.workerrecovery.core.prediction.ResourceCorrelator;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the resource watch adds to a health round, per instance: {@link ResourceCorrelator#observe}
 * with the ten metrics the {@code resources} probe reports (window, baselines, drift statistic),
 * against copying the same metrics into an immutable map, which the engine already does for every
 * round that changes a value (the baseline of the ratio). Alternating blocks in one run, after a
 * warm-up; the median of the blocks.
 *
 * <pre>{@code
 * java -cp ... io.github.workerrecovery.bench.prediction.ResourceWatchCost [instances] [rounds] [hour_of_day]
 * }</pre>
 */
public final class ResourceWatchCost {

    private static final List<String> METRICS = List.of("cpu_percent", "memory_percent", "rss_bytes", "threads", "open_fds",
            "processes", "host_cpu_percent", "host_memory_percent", "host_swap_percent", "errors_per_minute");

    private ResourceWatchCost() {
    }

    /**
     * @param args instances (default 1000), rounds per block (default 50), and {@code prediction.hour_of_day}
     *     (default true)
     */
    public static void main(String[] args) {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        boolean hourOfDay = args.length <= 2 || Boolean.parseBoolean(args[2]);
        ResourceCorrelator correlator = new ResourceCorrelator(PredictionConfig.ofDefaults().withHourOfDay(hourOfDay));
        InstanceId[] ids = new InstanceId[instances];
        for (int i = 0; i < instances; i++) {
            ids[i] = new InstanceId(WorkerId.of("w" + i), 0);
        }
        SplittableRandom random = new SplittableRandom(42);
        Instant t = Instant.parse("2026-12-06T00:00:00Z");
        long sink = 0;
        double[] watch = new double[11];
        double[] copy = new double[11];
        for (int block = -3; block < 11; block++) {
            // the same fresh metric maps for both: what a probe round hands over
            @SuppressWarnings({"unchecked", "rawtypes"})
            Map<String, Double>[][] maps = new Map[rounds][instances];
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < instances; i++) {
                    Map<String, Double> m = new HashMap<>();
                    for (int k = 0; k < METRICS.size(); k++) {
                        m.put(METRICS.get(k), 40 + 3 * random.nextGaussian());
                    }
                    maps[r][i] = m;
                }
            }
            long t0 = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < instances; i++) {
                    sink += Map.copyOf(maps[r][i]).size();
                }
            }
            long t1 = System.nanoTime();
            for (int r = 0; r < rounds; r++) {
                t = t.plusSeconds(30);
                for (int i = 0; i < instances; i++) {
                    sink += correlator.observe(ids[i], maps[r][i], true, t).size();
                }
            }
            long t2 = System.nanoTime();
            if (block >= 0) {
                copy[block] = (t1 - t0) / (double) (rounds * instances);
                watch[block] = (t2 - t1) / (double) (rounds * instances);
            }
        }
        java.util.Arrays.sort(copy);
        java.util.Arrays.sort(watch);
        double w = watch[5];
        double c = copy[5];
        System.out.printf(Locale.ROOT, "%d instances, 10 metrics, %d rounds a block, hour of day %s, median of 11 blocks "
                + "(sink %d)%n", instances, rounds, hourOfDay, sink % 10);
        System.out.printf(Locale.ROOT, "copy of the round's metrics (baseline): %.0f ns per instance-round%n", c);
        System.out.printf(Locale.ROOT, "ResourceCorrelator.observe:              %.0f ns per instance-round (%.1fx the copy)%n",
                w, w / c);
        System.out.printf(Locale.ROOT, "at 1,000 workers checked every second: %.2f %% of one core%n", w * 1000 / 1e9 * 100);
    }
}
