package io.github.workerrecovery.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.json.RecoveryJson;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where the fleet's next instance of a worker goes, and whether one more may run at all. Pure
 * arithmetic over what the hosts' rows say (their instance counts, renewed with each lease, plus
 * the placements decided for them and not yet started); the leader runs it inside its fenced
 * decision. Stateless.
 *
 * <p><b>Load</b> of a host: the instances it runs of all its workers (placed ones included)
 * divided by the sum of their {@code max_instances}, i.e. the share of its own allowance in use.
 * The host chosen is the one with the lowest load among the live hosts that run the worker below
 * its own {@code max_instances}; equal loads go to the lowest host id, so that every leader
 * chooses alike.
 */
final class PlacementChoice {

    /**
     * One live host as the leader sees it.
     *
     * @param host its id
     * @param running instances of all its workers, placed ones included
     * @param capacity the sum of its workers' {@code max_instances}
     * @param instances instances of the worker in question, placed ones included; empty when it does not run it
     * @param maxInstances that worker's {@code max_instances} there
     */
    record HostLoad(String host, int running, int capacity, OptionalInt instances, int maxInstances) {

        /** @return whether this host runs the worker below its own maximum */
        boolean allows() {
            return instances.isPresent() && instances.getAsInt() < maxInstances;
        }

        /** @return the load as a fraction, for people */
        double load() {
            return capacity == 0 ? 1.0 : (double) running / capacity;
        }
    }

    /** Orders by load without rounding: a/b < c/d as a·d < c·b (capacities are positive). */
    private static final Comparator<HostLoad> LEAST_LOADED = ((Comparator<HostLoad>) (a, b) -> Long.compare(
            (long) a.running() * Math.max(1, b.capacity()), (long) b.running() * Math.max(1, a.capacity())))
            .thenComparing(HostLoad::host);

    private PlacementChoice() {
    }

    /** @return the least-loaded host that allows one more instance of the worker, if any */
    static Optional<HostLoad> choose(List<HostLoad> hosts) {
        return hosts.stream().filter(HostLoad::allows).min(LEAST_LOADED);
    }

    /**
     * @param worker the worker
     * @param workersJson a host's worker list, as membership writes it
     * @param placedHere placements decided for this host and not yet started, by worker
     * @param host the host's id
     * @return the host's load with respect to this worker
     */
    static HostLoad of(String host, String worker, String workersJson, Map<String, Integer> placedHere) {
        int running = placedHere.values().stream().mapToInt(Integer::intValue).sum();
        int capacity = 0;
        OptionalInt instances = OptionalInt.empty();
        int max = 0;
        for (JsonNode w : RecoveryJson.parse(workersJson)) {
            running += w.path("instances").asInt();
            capacity += w.path("max_instances").asInt();
            if (worker.equals(w.path("id").asText())) {
                instances = OptionalInt.of(w.path("instances").asInt() + placedHere.getOrDefault(worker, 0));
                max = w.path("max_instances").asInt();
            }
        }
        return new HostLoad(host, running, capacity, instances, max);
    }

    /**
     * @param worker the worker
     * @param workersJson a host's worker list
     * @return the instances of the worker that host reports (0 when it does not run it)
     */
    static int instancesOf(String worker, String workersJson) {
        for (JsonNode w : RecoveryJson.parse(workersJson)) {
            if (worker.equals(w.path("id").asText())) {
                return w.path("instances").asInt();
            }
        }
        return 0;
    }

    /**
     * @param worker the worker
     * @param workersJson a host's worker list
     * @param key {@code fleet_min_instances} or {@code fleet_max_instances}
     * @return the bound that host declares for the worker, if it does
     */
    static OptionalInt declared(String worker, String workersJson, String key) {
        for (JsonNode w : RecoveryJson.parse(workersJson)) {
            if (worker.equals(w.path("id").asText()) && w.path(key).isInt()) {
                return OptionalInt.of(w.path(key).asInt());
            }
        }
        return OptionalInt.empty();
    }
}
