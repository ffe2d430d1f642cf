package io.github.workerrecovery.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The fleet's leader, elected through a lease row in PostgreSQL with fencing tokens.
 *
 * <p><b>Why a lease row and not an advisory lock.</b> An advisory lock belongs to one database
 * session: it is lost silently when the pooled connection that holds it breaks (the leader finds
 * out only at its next check, while another host may already lead), it does not work behind a
 * transaction-mode pooler such as PgBouncer, and a host that hangs with its session open keeps
 * the lock until TCP keep-alive notices (hours by default). Above all it gives nothing to fence
 * writes with. A lease row gives a bounded hand-over (the lease) whatever happened to the old
 * leader, survives connection loss, and numbers every term: the token.
 *
 * <p><b>Fencing.</b> {@link #decide} writes a decision only inside a transaction that holds a
 * share lock on the leader row and finds there this holder, this token and a lease not yet past
 * (the database's clock). A take-over must update that row, so it waits for the decision's
 * commit, and every decision after it is refused to the old token: a leader that was paused
 * (GC, SIGSTOP, a slow disk) past its lease wakes up unable to act on what it decided before.
 * Each decision has a key naming what it decides (one outage, one placement), so a new leader
 * that reconsiders the same situation cannot take the same decision again.
 *
 * <p>Stateless apart from its settings; the caller keeps the token it was given. Thread-safe.
 */
public final class LeaderLease {

    /** What became of a decision. */
    public enum Decision {
        /** Written: this leader took it. */
        TAKEN,
        /** A decision with this key exists already (taken by this or an earlier term). */
        ALREADY_TAKEN,
        /** Refused: the token is no longer the leader's, or its lease has passed. */
        FENCED
    }

    private final FleetDatabase database;
    private final String host;

    /**
     * @param database the fleet's database
     * @param host this host's id, the holder's name in the lease row
     */
    public LeaderLease(FleetDatabase database, String host) {
        this.database = Objects.requireNonNull(database, "database");
        this.host = Objects.requireNonNull(host, "host");
    }

    /**
     * Takes the lease when it is free or lapsed, or renews it when this host holds it.
     *
     * @return the token of this host's term when it leads now (the same token while it renews in
     *     time, a new one when it takes the lease); empty when another host leads
     * @throws SQLException when the database cannot be reached: the caller must then stop acting
     *     as leader once its lease has passed
     */
    public OptionalLong tryLead() throws SQLException {
        double leaseSeconds = database.settings().lease().toMillis() / 1000.0;
        try (Connection connection = database.connection();
             PreparedStatement lead = connection.prepareStatement(
                     "INSERT INTO fleet_leader AS l (fleet, holder, token, acquired_at, lease_until)"
                             + " VALUES (?, ?, 1, clock_timestamp(), clock_timestamp() + make_interval(secs => ?))"
                             + " ON CONFLICT (fleet) DO UPDATE SET"
                             + "   token = CASE WHEN l.holder = EXCLUDED.holder AND l.lease_until > clock_timestamp()"
                             + "                THEN l.token ELSE l.token + 1 END,"
                             + "   acquired_at = CASE WHEN l.holder = EXCLUDED.holder AND l.lease_until > clock_timestamp()"
                             + "                THEN l.acquired_at ELSE clock_timestamp() END,"
                             + "   holder = EXCLUDED.holder, lease_until = EXCLUDED.lease_until"
                             + " WHERE l.holder = EXCLUDED.holder OR l.lease_until <= clock_timestamp()"
                             + " RETURNING token")) {
            lead.setString(1, database.settings().fleet());
            lead.setString(2, host);
            lead.setDouble(3, leaseSeconds);
            try (ResultSet rs = lead.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /**
     * Writes a decision of this host's term, fenced by its token.
     *
     * @param token the token {@link #tryLead()} gave this term
     * @param key what is decided, unique in the fleet (e.g. {@code outage:<pattern>:<opened>})
     * @param body the decision, one line of JSON
     * @return whether it was taken, already taken, or refused to a deposed leader
     * @throws SQLException when the database cannot be reached (nothing was written)
     */
    public Decision decide(long token, String key, String body) throws SQLException {
        return decide(token, key, body, connection -> { });
    }

    /** What a decision changes besides its own row: runs in the decision's fenced transaction. */
    @FunctionalInterface
    public interface FencedWork {
        /**
         * @param connection the decision's connection, inside its transaction
         * @throws SQLException when a statement fails (the whole decision is rolled back)
         */
        void run(Connection connection) throws SQLException;
    }

    /**
     * Writes a decision of this host's term, fenced by its token, and what it changes (the
     * outage row, its event) in the same transaction: either all of it is written by the current
     * leader, or nothing.
     *
     * @param token the token {@link #tryLead()} gave this term
     * @param key what is decided, unique in the fleet
     * @param body the decision, one line of JSON
     * @param work runs only when the decision is {@link Decision#TAKEN}, before the commit
     * @return whether it was taken, already taken, or refused to a deposed leader
     * @throws SQLException when the database cannot be reached or the work fails (nothing was written)
     */
    public Decision decide(long token, String key, String body, FencedWork work) throws SQLException {
        String fleet = database.settings().fleet();
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                boolean current;
                try (PreparedStatement check = connection.prepareStatement(
                        "SELECT holder = ? AND token = ? AND lease_until > clock_timestamp() FROM fleet_leader"
                                + " WHERE fleet = ? FOR SHARE")) {
                    check.setString(1, host);
                    check.setLong(2, token);
                    check.setString(3, fleet);
                    try (ResultSet rs = check.executeQuery()) {
                        current = rs.next() && rs.getBoolean(1);
                    }
                }
                if (!current) {
                    connection.rollback();
                    return Decision.FENCED;
                }
                int written;
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO fleet_decision (fleet, decision_key, token, holder, body) VALUES (?, ?, ?, ?, ?::jsonb)"
                                + " ON CONFLICT (fleet, decision_key) DO NOTHING")) {
                    insert.setString(1, fleet);
                    insert.setString(2, key);
                    insert.setLong(3, token);
                    insert.setString(4, host);
                    insert.setString(5, body);
                    written = insert.executeUpdate();
                }
                if (written == 1) {
                    work.run(connection);
                }
                connection.commit();
                return written == 1 ? Decision.TAKEN : Decision.ALREADY_TAKEN;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /**
     * Gives the lease up at once, when this host holds it under this token (a clean stop), so
     * that the next host need not wait for it to lapse.
     *
     * @param token the token of this host's term
     * @throws SQLException when the database cannot be reached
     */
    public void resign(long token) throws SQLException {
        try (Connection connection = database.connection();
             PreparedStatement resign = connection.prepareStatement(
                     "UPDATE fleet_leader SET lease_until = clock_timestamp() WHERE fleet = ? AND holder = ? AND token = ?")) {
            resign.setString(1, database.settings().fleet());
            resign.setString(2, host);
            resign.setLong(3, token);
            resign.executeUpdate();
        }
    }
}
