package io.github.workerrecovery.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a store shared by a fleet of hosts knows of that fleet at one moment: every host with its
 * lease and workers, the leader and its term, and the fleet's open shared outages. Offered by
 * {@link StrategyStore#fleetSnapshot()}, read-only, for views such as the dashboard's fleet page;
 * the engine itself never reads it.
 *
 * @param fleet the fleet's name
 * @param thisHost the id of the host whose store read it
 * @param readAt when it was read, by the clock of the fleet's shared state (the database's)
 * @param hosts every host the fleet has seen, by id
 * @param leader the leader's lease, when a host ever led
 * @param outages the shared outages open now, oldest first
 */
public record FleetSnapshot(String fleet, String thisHost, Instant readAt, List<Host> hosts, Optional<Leader> leader,
                            List<Outage> outages) {

    /**
     * @throws NullPointerException when an argument is null
     */
    public FleetSnapshot {
        Objects.requireNonNull(fleet, "fleet");
        Objects.requireNonNull(thisHost, "thisHost");
        Objects.requireNonNull(readAt, "readAt");
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(leader, "leader");
        outages = List.copyOf(outages);
    }

    /**
     * One host of the fleet.
     *
     * @param id its host id
     * @param address how it is reached
     * @param version the version it runs
     * @param state {@code UP}, {@code DOWN} (its lease lapsed) or {@code LEFT} (it stopped cleanly)
     * @param leaseUntil when its lease ends, or ended
     * @param leaseLeftMillis how long its lease still runs; negative when it is past
     * @param workers its workers as it last registered them
     */
    public record Host(String id, String address, String version, String state, Instant leaseUntil, long leaseLeftMillis,
                       List<HostWorker> workers) {
        /**
         * @throws NullPointerException when an argument is null
         */
        public Host {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(leaseUntil, "leaseUntil");
            workers = List.copyOf(workers);
        }
    }

    /**
     * One worker of a host, as registered.
     *
     * @param id the worker's id
     * @param instances the instances it ran
     * @param minInstances its {@code min_instances}
     * @param maxInstances its {@code max_instances}
     */
    public record HostWorker(String id, int instances, int minInstances, int maxInstances) {
        /**
         * @throws NullPointerException when the id is null
         */
        public HostWorker {
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * The leader's lease.
     *
     * @param host the host that holds it, or last held it
     * @param term its term (the fencing token; each new leader's is one more)
     * @param leaseUntil when the lease ends, or ended
     * @param live whether the lease still runs: when not, no host leads until one takes it
     */
    public record Leader(String host, long term, Instant leaseUntil, boolean live) {
        /**
         * @throws NullPointerException when an argument is null
         */
        public Leader {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(leaseUntil, "leaseUntil");
        }
    }

    /**
     * A shared outage the fleet's leader opened and has not ended: recoveries of its signature are
     * held on every host.
     *
     * @param key its key
     * @param group the workers' group
     * @param signature the failures' signature (an error pattern id, or an exit code)
     * @param description the signature for people
     * @param openedAt when it opened
     * @param holdUntil when its hold ends at the latest ({@code max_hold})
     * @param canaryHost the host of the latest canary, when one was named
     * @param canaryInstance the latest canary instance, when one was named
     */
    public record Outage(String key, String group, String signature, String description, Instant openedAt,
                         Instant holdUntil, Optional<String> canaryHost, Optional<String> canaryInstance) {
        /**
         * @throws NullPointerException when an argument is null
         */
        public Outage {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(signature, "signature");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(openedAt, "openedAt");
            Objects.requireNonNull(holdUntil, "holdUntil");
            Objects.requireNonNull(canaryHost, "canaryHost");
            Objects.requireNonNull(canaryInstance, "canaryInstance");
        }
    }
}
