package io.github.workerrecovery.postgres;

import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's part in the fleet's leader election: every {@code renew_interval} it takes or renews
 * the {@link LeaderLease}, and keeps the token of its term while it leads. A failed renewal ends the
 * term here at once (the lease may lapse before the database answers again), so this host never
 * believes it leads longer than the database does; decisions are fenced by the token anyway.
 * A clean close resigns, so the next host need not wait for the lease to lapse.
 *
 * <p>The term's token is what the leader's work, the fleet's correlated-failure guard
 * ({@link FleetOutageWatch}), fences its decisions with. One daemon thread; thread-safe.
 */
public final class FleetLeadership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetLeadership.class);

    private final LeaderLease lease;
    private final FleetDatabase database;
    private final String host;
    private final ScheduledExecutorService timer;
    private volatile long token;

    FleetLeadership(FleetDatabase database, String host) {
        this.database = database;
        this.host = host;
        this.lease = new LeaderLease(database, host);
        this.timer = FleetTimers.daemon("fleet-leadership");
    }

    void start() {
        long every = database.settings().renewInterval().toMillis();
        timer.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
    }

    /** @return the token of this host's term while it leads; empty otherwise */
    public OptionalLong term() {
        long t = token;
        return t > 0 ? OptionalLong.of(t) : OptionalLong.empty();
    }

    private void tick() {
        long before = token;
        try {
            OptionalLong now = lease.tryLead();
            token = now.orElse(0);
        } catch (SQLException | RuntimeException e) {
            token = 0;
            LOG.debug("leader lease not renewed: {}", database.settings().scrub(e.getMessage()));
        }
        if (token != before) {
            if (token > 0) {
                LOG.info("host '{}' leads fleet '{}' (term {})", host, database.settings().fleet(), token);
            } else {
                LOG.info("host '{}' no longer leads fleet '{}' (term {} ended)", host, database.settings().fleet(), before);
            }
        }
    }

    /** Stops contending and resigns a term this host holds. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(database.settings().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long t = token;
        token = 0;
        if (t > 0) {
            try {
                lease.resign(t);
            } catch (SQLException e) {
                LOG.debug("could not resign term {}; the lease lapses instead", t, e);
            }
        }
    }
}
