package io.github.workerrecovery.web.internal;

import io.github.workerrecovery.api.FleetSnapshot;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /api/v1/fleet}: the fleet this host belongs to, as its store reads it
 * ({@link WorkerAutoRecovery#fleetSnapshot()}), on the request's thread, never the engine's.
 * Without fleet mode the answer is still 200, with {@code "fleet": false} and nothing else: the
 * dashboard asks it to decide whether to show its fleet page, and a 404 would be a console error
 * in every browser of a single host. A fleet whose database cannot be read now is a 503 naming
 * why.
 */
final class FleetEndpoint implements Route.Handler {

    /**
     * The fleet.
     *
     * @param fleet whether the store is shared by a fleet; when not, every other member is null or empty
     * @param name the fleet's name
     * @param thisHost the id of the host that answers
     * @param readAt when it was read, by the database's clock
     * @param leader the leader, null when no host ever led
     * @param hosts every host, by id
     * @param outages the open shared outages, oldest first
     */
    record FleetDto(boolean fleet, String name, String thisHost, String readAt, LeaderDto leader, List<HostDto> hosts,
                    List<OutageDto> outages) {
    }

    /**
     * @param host the holder
     * @param term its term (fencing token)
     * @param leaseUntil when the lease ends or ended
     * @param live whether the lease still runs
     */
    record LeaderDto(String host, long term, String leaseUntil, boolean live) {
    }

    /**
     * @param id the host id
     * @param address how it is reached
     * @param version its version
     * @param state UP, DOWN or LEFT
     * @param leaseUntil when its lease ends or ended
     * @param leaseLeftMs how long its lease still runs, negative when past
     * @param leader whether it holds the live leader lease
     * @param thisHost whether it is the host that answers
     * @param workers its workers as registered
     */
    record HostDto(String id, String address, String version, String state, String leaseUntil, long leaseLeftMs,
                   boolean leader, boolean thisHost, List<WorkerDto> workers) {
    }

    /**
     * @param id the worker id
     * @param instances instances it ran
     * @param minInstances its min_instances
     * @param maxInstances its max_instances
     */
    record WorkerDto(String id, int instances, int minInstances, int maxInstances) {
    }

    /**
     * @param key the outage's key
     * @param group the workers' group
     * @param signature the failures' signature
     * @param description the signature for people
     * @param openedAt when it opened
     * @param holdUntil when the hold ends at the latest
     * @param canaryHost the latest canary's host, null when none was named
     * @param canaryInstance the latest canary, null when none was named
     */
    record OutageDto(String key, String group, String signature, String description, String openedAt,
                     String holdUntil, String canaryHost, String canaryInstance) {
    }

    private static final FleetDto NO_FLEET = new FleetDto(false, null, null, null, null, List.of(), List.of());

    private final WorkerAutoRecovery recovery;

    FleetEndpoint(WorkerAutoRecovery recovery) {
        this.recovery = Objects.requireNonNull(recovery, "recovery");
    }

    @Override
    public Reply handle(Request request) {
        Optional<FleetSnapshot> snapshot;
        try {
            snapshot = recovery.fleetSnapshot();
        } catch (IOException e) {
            throw new ApiException(503, "fleet: " + e.getMessage());
        }
        return Reply.json(200, snapshot.map(FleetEndpoint::dto).orElse(NO_FLEET));
    }

    static FleetDto dto(FleetSnapshot s) {
        LeaderDto leader = s.leader().map(l -> new LeaderDto(l.host(), l.term(), l.leaseUntil().toString(), l.live()))
                .orElse(null);
        List<HostDto> hosts = s.hosts().stream().map(h -> new HostDto(h.id(), h.address(), h.version(), h.state(),
                h.leaseUntil().toString(), h.leaseLeftMillis(), leader != null && leader.live() && leader.host().equals(h.id()),
                h.id().equals(s.thisHost()),
                h.workers().stream().map(w -> new WorkerDto(w.id(), w.instances(), w.minInstances(), w.maxInstances())).toList()))
                .toList();
        List<OutageDto> outages = s.outages().stream().map(o -> new OutageDto(o.key(), o.group(), o.signature(),
                o.description(), o.openedAt().toString(), o.holdUntil().toString(), o.canaryHost().orElse(null),
                o.canaryInstance().orElse(null))).toList();
        return new FleetDto(true, s.fleet(), s.thisHost(), s.readAt().toString(), leader, hosts, outages);
    }
}
