package io.github.workerrecovery.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.PluginSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * History pruning by age ({@code history_max_age}, default 90 days): the leader deletes exactly the
 * rows older than the age, by the database's clock, in every table it prunes, and keeps the newer
 * ones and the decisions of what is still open.
 */
@ExtendWith(RealPostgres.class)
class FleetPrunerTest {

    @TempDir
    Path home;

    private final String schema = RealPostgres.newSchema();

    @AfterEach
    void drop() throws Exception {
        RealPostgres.drop(schema);
    }

    private FleetDatabase database(Map<String, Object> extra) throws Exception {
        Map<String, Object> section = new LinkedHashMap<>(Map.of("url", RealPostgres.url(), "user", RealPostgres.user(),
                "schema", schema, "fleet", "test", "host_id", "host-a"));
        section.putAll(extra);
        return new FleetDatabase(FleetSettings.from(PluginSettings.of("plugins.postgres", section),
                Map.of(FleetSettings.DEFAULT_PASSWORD_ENV, RealPostgres.password())));
    }

    /** Rows just past 90 days ('old') and just within ('new') in every pruned table, plus old ones still in use. */
    private void seed(Connection c) throws Exception {
        String old = "now() - interval '90 days 1 minute'";
        String young = "now() - interval '89 days 23 hours'";
        try (Statement s = c.createStatement()) {
            int seq = 0;
            for (String[] row : new String[][] {{"old", old}, {"new", young}, {"today", "now()"}}) {
                s.execute("INSERT INTO fleet_history (host_id, journal_id, seq, worker, slot, failure, action, success,"
                        + " started_at, time_to_recover_ms, record) VALUES ('host-a', '" + UUID.randomUUID() + "', " + ++seq
                        + ", '" + row[0] + "', 0, 'PROCESS_EXITED', 'restart', true, " + row[1] + ", 10, '{}')");
                s.execute("INSERT INTO fleet_alert (host_id, journal_id, seq, severity, message, raised_at) VALUES"
                        + " ('host-a', '" + UUID.randomUUID() + "', 1, 'high', '" + row[0] + "', " + row[1] + ")");
                s.execute("INSERT INTO fleet_event (fleet, kind, host_id, severity, message, raised_by, raised_at) VALUES"
                        + " ('test', 'host_down', 'host-b', 'high', '" + row[0] + "', 'host-a', " + row[1] + ")");
            }
            // another fleet's old event: not this leader's to delete
            s.execute("INSERT INTO fleet_event (fleet, kind, host_id, severity, message, raised_by, raised_at) VALUES"
                    + " ('other', 'host_down', 'host-x', 'high', 'other fleet', 'host-x', " + old + ")");
            // an outage that ended long ago, one ended lately, and one opened long ago and still open
            s.execute("INSERT INTO fleet_outage (fleet, outage_key, grp, signature, description, opened_at, hold_until,"
                    + " ended_at, next_canary_at) VALUES"
                    + " ('test', 'outage:g:old:1', 'g', 'old', 'd', " + old + ", " + old + ", " + old + ", " + old + "),"
                    + " ('test', 'outage:g:new:1', 'g', 'new', 'd', " + old + ", " + young + ", " + young + ", " + old + "),"
                    + " ('test', 'outage:g:open:1', 'g', 'open', 'd', " + old + ", now() + interval '1 day', NULL, " + old + ")");
            s.execute("INSERT INTO fleet_placement (fleet, request_id, worker, reason, requested_by, fleet_max, state,"
                    + " requested_at) VALUES"
                    + " ('test', '00000000-0000-0000-0000-000000000001', 'w', 'scale_up', 'host-a', 3, 'started', " + old + "),"
                    + " ('test', '00000000-0000-0000-0000-000000000002', 'w', 'scale_up', 'host-a', 3, 'refused', " + young + "),"
                    + " ('test', '00000000-0000-0000-0000-000000000003', 'w', 'scale_up', 'host-a', 3, 'placed', " + old + ")");
            s.execute("INSERT INTO fleet_decision (fleet, decision_key, token, holder, body, decided_at) VALUES"
                    + " ('test', 'outage:g:old:1', 1, 'host-a', '{}', " + old + "),"
                    + " ('test', 'outage:g:open:1', 1, 'host-a', '{}', " + old + "),"
                    + " ('test', 'canary:outage:g:open:1:1', 1, 'host-a', '{}', " + old + "),"
                    + " ('test', 'place:w:00000000-0000-0000-0000-000000000001', 1, 'host-a', '{}', " + old + "),"
                    + " ('test', 'place:w:00000000-0000-0000-0000-000000000003', 1, 'host-a', '{}', " + old + "),"
                    + " ('test', 'place:w:00000000-0000-0000-0000-000000000002', 1, 'host-a', '{}', " + young + ")");
        }
    }

    private static List<String> column(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = RealPostgres.connect(); PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void theLeaderDeletesExactlyWhatIsOlderThanTheAgeAndKeepsWhatIsStillInUse() throws Exception {
        try (FleetDatabase db = database(Map.of()); Connection c = db.connection()) {
            c.createStatement().execute("SET search_path TO " + schema);
            seed(c);
        }

        // a host's store: it leads (alone) and prunes at once
        try (PostgresStrategyStore store = FleetFixture.open(FleetFixture.context(
                FleetFixture.section(RealPostgres.url(), schema, "host-a"), home))) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_history WHERE worker = 'old'") == 0
                    && FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_placement WHERE state = 'started'") == 0);
            assertThat(store.leadership().term()).isPresent();
        }

        assertThat(column("SELECT worker FROM " + schema + ".fleet_history ORDER BY started_at")).containsExactly("new", "today");
        assertThat(column("SELECT message FROM " + schema + ".fleet_alert ORDER BY raised_at")).containsExactly("new", "today");
        assertThat(column("SELECT message FROM " + schema + ".fleet_event WHERE kind = 'host_down' ORDER BY raised_at"))
                .containsExactly("other fleet", "new", "today");
        assertThat(column("SELECT outage_key FROM " + schema + ".fleet_outage ORDER BY outage_key"))
                .containsExactly("outage:g:new:1", "outage:g:open:1");
        assertThat(column("SELECT request_id::text FROM " + schema + ".fleet_placement ORDER BY request_id")).containsExactly(
                "00000000-0000-0000-0000-000000000002", "00000000-0000-0000-0000-000000000003");
        assertThat(column("SELECT decision_key FROM " + schema + ".fleet_decision WHERE decided_at < now() - interval '1 hour'"
                + " ORDER BY decision_key")).containsExactly("canary:outage:g:open:1:1", "outage:g:open:1",
                "place:w:00000000-0000-0000-0000-000000000002", "place:w:00000000-0000-0000-0000-000000000003");
    }

    @Test
    void zeroKeepsEverythingAndLessThanADayIsRefused() throws Exception {
        try (FleetDatabase db = database(Map.of("history_max_age", "0s")); Connection c = db.connection()) {
            c.createStatement().execute("SET search_path TO " + schema);
            seed(c);
            assertThat(new FleetPruner(db, null, null).pruneNow()).isEmpty();
        }
        assertThat(FleetFixture.count("SELECT count(*) FROM " + schema + ".fleet_history")).isEqualTo(3);

        assertThatThrownBy(() -> database(Map.of("history_max_age", "12h"))).hasMessage(
                "plugins.postgres.history_max_age: must be 0 (keep everything) or at least 1 d but was 12 h");
    }
}
