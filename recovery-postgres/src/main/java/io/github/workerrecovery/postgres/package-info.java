/**
 * Fleet mode on PostgreSQL: several hosts' daemons share one database.
 * <ul>
 *   <li>{@link io.github.workerrecovery.postgres.PostgresStrategyStore} ({@code store: postgres}):
 *       the {@code json} store's files for this host, and every write also through a local
 *       {@link io.github.workerrecovery.postgres.OutboxJournal outbox} to the fleet's tables, in
 *       order and exactly once, whatever the database's state; the other hosts' evidence read back
 *       per origin;</li>
 *   <li>{@link io.github.workerrecovery.postgres.FleetMembership}: a lease per host, one DOWN
 *       alert for the fleet when a lease lapses;</li>
 *   <li>{@link io.github.workerrecovery.postgres.LeaderLease}: one leader per fleet, a lease row
 *       with fencing tokens;</li>
 *   <li>the fleet-wide correlated-failure guard ({@code FleetOutageWatch} on every host,
 *       {@code FleetOutageLeader} on the leader): one outage across hosts is one alert, holds on
 *       every host, one canary and one release, each decision fenced by the leader's token;</li>
 *   <li>fleet-level {@code scale_up} ({@code FleetPlacement} on every host,
 *       {@code FleetPlacementLeader} on the leader): a worker with fleet-wide bounds gets its extra
 *       instance on the least-loaded live host that allows it, never beyond its fleet maximum;</li>
 *   <li>{@code FleetPruner}: the leader deletes the fleet's records older than
 *       {@code history_max_age};</li>
 *   <li>{@link io.github.workerrecovery.postgres.FleetView}: read-only queries for the fleet view.</li>
 * </ul>
 * The schema is versioned by Flyway ({@code db/migration/fleet}) and migrated on the first
 * connection that works. The module is found by {@link java.util.ServiceLoader}; the core never
 * names it. It uses the core's public API only (the JSON store as its local side, the host id,
 * atomic file writes).
 */
package io.github.workerrecovery.postgres;
