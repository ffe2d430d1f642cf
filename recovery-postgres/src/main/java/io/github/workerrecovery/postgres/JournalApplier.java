package io.github.workerrecovery.postgres;

import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.json.PatternsFileDto;
import io.github.workerrecovery.json.RecoveryJson;
import io.github.workerrecovery.json.RecoveryOutcomeDto;
import io.github.workerrecovery.json.StrategiesFileDto;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a batch of journal records into the fleet tables in one transaction, together with how
 * far the journal has been applied, so that after a commit the two agree and after a rollback
 * neither moved. Records at or below the applied sequence number are skipped, and each history
 * and alert row has the unique key (host, journal, seq): a replay changes nothing.
 *
 * <p>Of several snapshots of the statistics (or patterns) in one batch only the last is written:
 * each replaces the one before. Stateless; the caller owns the connection.
 */
final class JournalApplier {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JournalApplier.class);

    private JournalApplier() {
    }

    /**
     * @param connection a connection to the fleet schema; its auto-commit is restored
     * @param host the journal's host
     * @param journal the journal's id
     * @param records pending records, in sequence order
     * @return the highest sequence number the database now holds for this journal
     * @throws SQLException when the transaction failed (and was rolled back)
     */
    static long apply(Connection connection, String host, UUID journal, List<OutboxRecord> records) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            long applied = lockJournal(connection, host, journal);
            long highest = applied;
            OutboxRecord strategies = null;
            OutboxRecord patterns = null;
            try (PreparedStatement history = connection.prepareStatement(
                    "INSERT INTO fleet_history (host_id, journal_id, seq, worker, slot, failure, action, success, pattern,"
                            + " started_at, time_to_recover_ms, record) VALUES (?,?,?,?,?,?,?,?,?,?,?,?::jsonb)"
                            + " ON CONFLICT DO NOTHING");
                 PreparedStatement alert = connection.prepareStatement(
                    "INSERT INTO fleet_alert (host_id, journal_id, seq, severity, message, raised_at)"
                            + " VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING")) {
                int histories = 0;
                int alerts = 0;
                for (OutboxRecord r : records) {
                    if (r.seq() <= applied) {
                        continue;
                    }
                    highest = Math.max(highest, r.seq());
                    try {
                        switch (r.kind()) {
                            case HISTORY -> {
                                addHistory(history, host, journal, r);
                                histories++;
                            }
                            case ALERT -> {
                                addAlert(alert, host, journal, r);
                                alerts++;
                            }
                            case STRATEGIES -> strategies = checked(r, () -> StrategiesFileDto.read(bytes(r)));
                            case PATTERNS -> patterns = checked(r, () -> PatternsFileDto.read(bytes(r)));
                        }
                    } catch (IllegalArgumentException | java.time.DateTimeException e) {
                        // Our own code wrote it, so this is a bug; a record that can never be read
                        // must not stop every record after it. Skipped, counted as applied, and said.
                        LOG.error("fleet outbox: journal {} record {} ({}) cannot be read and is skipped: {}", journal,
                                r.seq(), r.kind(), e.getMessage());
                    }
                }
                if (histories > 0) {
                    history.executeBatch();
                }
                if (alerts > 0) {
                    alert.executeBatch();
                }
            }
            if (strategies != null) {
                replaceStrategies(connection, host, StrategiesFileDto.read(bytes(strategies)));
            }
            if (patterns != null) {
                replacePatterns(connection, host, PatternsFileDto.read(bytes(patterns)));
            }
            if (highest > applied) {
                try (PreparedStatement done = connection.prepareStatement(
                        "UPDATE fleet_journal SET applied_seq = ?, applied_at = now() WHERE host_id = ? AND journal_id = ?")) {
                    done.setLong(1, highest);
                    done.setString(2, host);
                    done.setObject(3, journal);
                    done.executeUpdate();
                }
            }
            connection.commit();
            return highest;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * @return how far the journal has been applied, 0 for a journal the database has not seen
     */
    static long applied(Connection connection, String host, UUID journal) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(
                "SELECT applied_seq FROM fleet_journal WHERE host_id = ? AND journal_id = ?")) {
            read.setString(1, host);
            read.setObject(2, journal);
            try (ResultSet rs = read.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Locks the journal's row for this transaction (two shippers of one home wait for each other). */
    private static long lockJournal(Connection connection, String host, UUID journal) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO fleet_journal (host_id, journal_id, applied_seq) VALUES (?,?,0) ON CONFLICT DO NOTHING")) {
            insert.setString(1, host);
            insert.setObject(2, journal);
            insert.executeUpdate();
        }
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT applied_seq FROM fleet_journal WHERE host_id = ? AND journal_id = ? FOR UPDATE")) {
            lock.setString(1, host);
            lock.setObject(2, journal);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static byte[] bytes(OutboxRecord r) {
        return r.body().getBytes(StandardCharsets.UTF_8);
    }

    /** @return the record, once its content was read without an error */
    private static OutboxRecord checked(OutboxRecord r, Runnable read) {
        read.run();
        return r;
    }

    private static void addHistory(PreparedStatement insert, String host, UUID journal, OutboxRecord r) throws SQLException {
        RecoveryOutcome o = RecoveryOutcomeDto.readLine(r.body());
        insert.setString(1, host);
        insert.setObject(2, journal);
        insert.setLong(3, r.seq());
        insert.setString(4, o.instance().worker().value());
        insert.setInt(5, o.instance().slot());
        insert.setString(6, o.failure().name());
        insert.setString(7, o.action());
        insert.setBoolean(8, o.success());
        insert.setString(9, o.pattern().orElse(null));
        insert.setTimestamp(10, Timestamp.from(o.startedAt()));
        insert.setLong(11, o.timeToRecover().toMillis());
        insert.setString(12, r.body());
        insert.addBatch();
    }

    private static void addAlert(PreparedStatement insert, String host, UUID journal, OutboxRecord r) throws SQLException {
        var node = RecoveryJson.parse(r.body());
        insert.setString(1, host);
        insert.setObject(2, journal);
        insert.setLong(3, r.seq());
        insert.setString(4, node.path("severity").asText("medium"));
        insert.setString(5, node.path("message").asText(""));
        insert.setTimestamp(6, Timestamp.from(java.time.Instant.parse(node.path("timestamp").asText())));
        insert.addBatch();
    }

    /** This host's rows become exactly the snapshot's local statistics. */
    private static void replaceStrategies(Connection connection, String host, List<StrategyStats> all) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM fleet_strategy WHERE host_id = ?")) {
            delete.setString(1, host);
            delete.executeUpdate();
        }
        Map<String, StrategyStats> local = new LinkedHashMap<>();
        for (StrategyStats s : all) {
            if (s.isLocal()) {
                local.put(s.failure().name() + '\u0000' + s.pattern().orElse("") + '\u0000' + s.action(), s);
            }
        }
        if (local.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO fleet_strategy (host_id, failure, pattern, action, attempts, successes, total_recovery_ms,"
                        + " recent_recovery_ms) VALUES (?,?,?,?,?,?,?,?)")) {
            for (StrategyStats s : local.values()) {
                insert.setString(1, host);
                insert.setString(2, s.failure().name());
                insert.setString(3, s.pattern().orElse(""));
                insert.setString(4, s.action());
                insert.setLong(5, s.attempts());
                insert.setLong(6, s.successes());
                insert.setLong(7, s.totalRecoveryMillis());
                insert.setArray(8, connection.createArrayOf("bigint", s.recentRecoveryMillis().toArray()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** This host's rows become exactly the snapshot's patterns. */
    private static void replacePatterns(Connection connection, String host, List<ErrorPattern> all) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM fleet_pattern WHERE host_id = ?")) {
            delete.setString(1, host);
            delete.executeUpdate();
        }
        if (all.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO fleet_pattern (host_id, pattern_id, template, location, count, first_seen, last_seen, workers)"
                        + " VALUES (?,?,?,?,?,?,?,?::jsonb)")) {
            for (ErrorPattern p : all) {
                Map<String, Long> workers = new LinkedHashMap<>();
                p.workers().forEach((w, n) -> workers.put(w.value(), n));
                insert.setString(1, host);
                insert.setString(2, p.id());
                insert.setString(3, p.template());
                insert.setString(4, p.location());
                insert.setLong(5, p.count());
                insert.setTimestamp(6, Timestamp.from(p.firstSeen()));
                insert.setTimestamp(7, Timestamp.from(p.lastSeen()));
                insert.setString(8, RecoveryJson.toLine(workers));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
