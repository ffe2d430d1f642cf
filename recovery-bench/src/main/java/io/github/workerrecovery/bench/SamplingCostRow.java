package io.github.workerrecovery.bench;

import java.util.Locale;

/**
 * One line of the sampling-cost table: for one number of processes, the floor, a round of the
 * {@code resources} probe with each sampler, their ratios to the floor (of the medians), and the
 * host read that each pass includes.
 *
 * @param processes how many processes each round covered
 * @param floor plain reads of {@code stat} and {@code statm}, per round
 * @param procfs a round of the probe with {@code sampler: procfs}
 * @param oshi a round of the probe with {@code sampler: oshi}
 * @param host one read of the host through OSHI
 * @param leastSampledProcfs the fewest processes a procfs round came back with numbers for
 * @param leastSampledOshi the fewest processes an OSHI round came back with numbers for
 */
record SamplingCostRow(int processes, LatencySummary floor, LatencySummary procfs, LatencySummary oshi,
                       LatencySummary host, int leastSampledProcfs, int leastSampledOshi) {

    private static final String COLUMNS = "%-10s %-34s %-34s %-7s %-36s %-7s %s";

    /** @return the table's header, which goes with {@link #format()} */
    static String header() {
        return String.format(Locale.ROOT, COLUMNS, "processes", "floor: read stat+statm", "procfs round (default)", "ratio",
                "oshi round", "ratio", "of which host (OSHI)");
    }

    /** @return median procfs round over median floor */
    double procfsRatio() {
        return procfs.medianMs() / floor.medianMs();
    }

    /** @return median OSHI round over median floor */
    double oshiRatio() {
        return oshi.medianMs() / floor.medianMs();
    }

    /** @return whether every round of both samplers came back with numbers for every process */
    boolean everyProcessSampled() {
        return leastSampledProcfs == processes && leastSampledOshi == processes;
    }

    /** @return the row, in the columns of {@link #header()} */
    String format() {
        return String.format(Locale.ROOT, COLUMNS, processes, describe(floor), describe(procfs),
                String.format(Locale.ROOT, "%.2fx", procfsRatio()), describe(oshi),
                String.format(Locale.ROOT, "%.1fx", oshiRatio()), String.format(Locale.ROOT, "%.2f ms", host.medianMs()));
    }

    private String describe(LatencySummary s) {
        return String.format(Locale.ROOT, "%.2f ms (%.1f µs/proc, p90 %.2f)", s.medianMs(), s.medianMs() * 1000 / processes,
                s.p90Ms());
    }
}
