package io.github.workerrecovery.bench.simulation;

import io.github.workerrecovery.bench.BenchArgs;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The learned policy against the fixed default ladder, on the real engine in simulated time:
 * faults whose cures differ but whose failure kind is the same (see {@link FaultType}), in each
 * {@link World} (sure fixes, fixes that work with a probability, a deploy that changes a cure,
 * two faults behind one pattern, costly restarts), played from one seeded {@link IncidentScript}
 * against each {@link Policy}; Markdown tables of first-action success, mean time to recover,
 * actions per incident and restarts during shared outages, and of the regret against the
 * {@link RegretOracle}.
 *
 * <pre>
 * mvn -B -q -pl recovery-bench -am package -DskipTests
 * java -cp recovery-bench/target/recovery-bench-0.1.0-SNAPSHOT.jar \
 *     io.github.workerrecovery.bench.simulation.RecoverySimulation --incidents 2000 --seed 42
 * </pre>
 */
public final class RecoverySimulation {

    static final String USAGE = "usage: RecoverySimulation [--incidents N (default 2000)] [--seed S (default 42)] "
            + "[--world baseline|probabilistic|non_stationary|shared_pattern|costly|all (default all)]";
    private static final String LOG_PREFIX = "org.slf4j.simpleLogger.log.";

    /**
     * The parsed command line.
     *
     * @param incidents worker incidents to play
     * @param seed the script's seed
     * @param worlds the worlds to play, in order
     */
    record Options(int incidents, long seed, List<World> worlds) {

        static Options parse(String[] args) {
            int incidents = 2000;
            long seed = 42;
            List<World> worlds = List.of(World.values());
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--incidents" -> incidents = BenchArgs.count(BenchArgs.value(args, ++i, "--incidents"), "--incidents",
                            1, 1_000_000);
                    case "--seed" -> seed = BenchArgs.number(BenchArgs.value(args, ++i, "--seed"), "--seed",
                            Long.MIN_VALUE, Long.MAX_VALUE);
                    case "--world" -> {
                        String w = BenchArgs.value(args, ++i, "--world");
                        worlds = w.equalsIgnoreCase("all") ? List.of(World.values()) : List.of(World.of(w));
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            return new Options(incidents, seed, worlds);
        }
    }

    private RecoverySimulation() {
    }

    /**
     * Runs both policies and prints the tables; exits with 2 on bad arguments.
     *
     * @param args {@code [--incidents N] [--seed S]}
     */
    public static void main(String[] args) {
        Optional<Options> parsed = BenchArgs.parseOrExit(args, "RecoverySimulation", USAGE, Options::parse);
        if (parsed.isEmpty()) {
            return;
        }
        Options options = parsed.get();
        // thousands of recoveries, each logged by the engine at INFO or WARN: the table is the output
        quiet("io.github.workerrecovery");
        run(options, System.out);
    }

    private static void quiet(String logger) {
        if (System.getProperty(LOG_PREFIX + logger) == null) {
            System.setProperty(LOG_PREFIX + logger, "error");
        }
    }

    static void run(Options options, PrintStream out) {
        StringBuilder regret = new StringBuilder(ResultTable.regretHeader());
        for (World world : options.worlds()) {
            IncidentScript script = IncidentScript.generate(world, options.incidents(), SimulationRun.WORKERS, options.seed());
            out.printf(Locale.ROOT, "world %s (%s): %d incidents (%d fault events) on %d workers, seed %d%n%n",
                    world.label(), world.description(), script.incidents(), script.events().size(),
                    script.workers().size(), options.seed());
            List<PolicyResult> results = compare(script);
            out.println(ResultTable.summary(results));
            out.println(ResultTable.byFault(results));
            results.stream().filter(r -> r.unrecovered() > 0).forEach(r -> out.printf(Locale.ROOT,
                    "%s: %d incident(s) not recovered (given up on, then restarted by hand)%n", r.policy().label(),
                    r.unrecovered()));
            regret.append(ResultTable.regretRows(world, results));
        }
        out.println("Regret against the oracle that knows the true odds (seconds of lost service):");
        out.println();
        out.println(regret);
    }

    /**
     * @param script the events to play
     * @return one result per policy, in {@link Policy} order
     */
    static List<PolicyResult> compare(IncidentScript script) {
        List<PolicyResult> results = new ArrayList<>();
        for (Policy p : Policy.values()) {
            Path home = tempHome();
            try {
                results.add(new SimulationRun(p, script, home).run());
            } finally {
                delete(home);
            }
        }
        return results;
    }

    private static Path tempHome() {
        try {
            return Files.createTempDirectory("recovery-simulation");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("RecoverySimulation: could not delete " + dir + ": " + e);
        }
    }
}
