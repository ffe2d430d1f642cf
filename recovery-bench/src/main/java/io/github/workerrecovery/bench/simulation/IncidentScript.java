package io.github.workerrecovery.bench.simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The seeded sequence of fault events a simulation plays, the same for every policy: which fault,
 * on which workers, after how much quiet, and for an outage how long it lasts. A shared outage
 * hits {@value #OUTAGE_WIDTH} workers at once; every other fault one. An incident is one worker's
 * episode, so an outage makes several; the script ends when it holds the asked number.
 *
 * <p>In a {@link World} with a deploy, the deploy happens once half of the incidents have been
 * played: from then on the faults are drawn from the world's after-deploy weights.
 *
 * @param world the world the faults are drawn from
 * @param workers the worker ids
 * @param events the fault events, in order
 */
public record IncidentScript(World world, List<String> workers, List<Event> events) {

    /** Workers a shared outage hits. */
    public static final int OUTAGE_WIDTH = 3;
    static final Duration MIN_GAP = Duration.ofSeconds(30);
    static final int GAP_SPREAD_SECONDS = 270;
    static final Duration MIN_OUTAGE = Duration.ofSeconds(120);
    static final int OUTAGE_SPREAD_SECONDS = 180;
    static final int LINES_PER_FAULT = 3;

    /**
     * One fault event.
     *
     * @param type the fault
     * @param workers the workers it hits
     * @param quietBefore simulated time between the previous event's end and this one
     * @param outageLength how long an outage lasts; zero for other faults
     * @param errorLines per hit worker, the error lines it writes while the fault lasts
     */
    public record Event(FaultType type, List<String> workers, Duration quietBefore, Duration outageLength,
                        List<List<String>> errorLines) {
    }

    /** Copies the lists. */
    public IncidentScript {
        java.util.Objects.requireNonNull(world, "world");
        workers = List.copyOf(workers);
        events = List.copyOf(events);
    }

    /**
     * @param incidents how many worker incidents, {@code >= 1}
     * @param workerCount how many workers, {@code >= OUTAGE_WIDTH}
     * @param seed the same seed gives the same script
     * @return the script
     * @throws IllegalArgumentException when a count is out of range
     */
    public static IncidentScript generate(int incidents, int workerCount, long seed) {
        return generate(World.BASELINE, incidents, workerCount, seed);
    }

    /**
     * @param world which faults, how often, and whether a deploy changes a cure halfway
     * @param incidents how many worker incidents, {@code >= 1}
     * @param workerCount how many workers, {@code >= OUTAGE_WIDTH}
     * @param seed the same seed gives the same script
     * @return the script
     * @throws IllegalArgumentException when a count is out of range
     */
    public static IncidentScript generate(World world, int incidents, int workerCount, long seed) {
        if (incidents < 1) {
            throw new IllegalArgumentException("incidents must be >= 1 but was " + incidents);
        }
        if (workerCount < OUTAGE_WIDTH) {
            throw new IllegalArgumentException("workers must be >= " + OUTAGE_WIDTH + " but was " + workerCount);
        }
        Random random = new Random(seed);
        List<String> workers = new ArrayList<>();
        for (int i = 1; i <= workerCount; i++) {
            workers.add("worker-" + i);
        }
        List<Event> events = new ArrayList<>();
        int left = incidents;
        while (left > 0) {
            FaultType type = draw(world.weights(world.hasDeploy() && incidents - left >= incidents / 2), random);
            int width = type == FaultType.SHARED_OUTAGE ? Math.min(OUTAGE_WIDTH, left) : 1;
            List<String> pool = new ArrayList<>(workers);
            List<String> hit = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                hit.add(pool.remove(random.nextInt(pool.size())));
            }
            List<List<String>> lines = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                List<String> own = new ArrayList<>();
                for (int l = 0; l < LINES_PER_FAULT; l++) {
                    own.add(type.errorLine(random));
                }
                lines.add(List.copyOf(own));
            }
            Duration quiet = MIN_GAP.plusSeconds(random.nextInt(GAP_SPREAD_SECONDS + 1));
            Duration outage = type == FaultType.SHARED_OUTAGE
                    ? MIN_OUTAGE.plusSeconds(random.nextInt(OUTAGE_SPREAD_SECONDS + 1)) : Duration.ZERO;
            events.add(new Event(type, List.copyOf(hit), quiet, outage, List.copyOf(lines)));
            left -= width;
        }
        return new IncidentScript(world, workers, events);
    }

    private static FaultType draw(Map<FaultType, Integer> weights, Random random) {
        int pick = random.nextInt(100);
        for (Map.Entry<FaultType, Integer> t : weights.entrySet()) {
            pick -= t.getValue();
            if (pick < 0) {
                return t.getKey();
            }
        }
        throw new IllegalStateException("fault weights must add up to 100");
    }

    /** @return how many worker incidents the script holds */
    public int incidents() {
        return events.stream().mapToInt(e -> e.workers().size()).sum();
    }
}
