package io.github.workerrecovery.postgres;

import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.FleetScaling;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.SettingsSpec;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.StrategyStore;
import io.github.workerrecovery.api.StrategyStoreProvider;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.store.HostIdentity;
import io.github.workerrecovery.core.store.JsonFileStrategyStore;
import io.github.workerrecovery.json.PatternsFileDto;
import io.github.workerrecovery.json.RecoveryJson;
import io.github.workerrecovery.json.RecoveryOutcomeDto;
import io.github.workerrecovery.json.StrategiesFileDto;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's {@link StrategyStore} (name {@value #NAME}): this host's data stays in the JSON
 * files of the {@code json} store (so the host works alone when the database is away), and
 * every write also goes, through the {@link OutboxJournal outbox}, to the fleet's PostgreSQL
 * database, where every host's history, statistics and patterns meet.
 *
 * <ul>
 *   <li><b>Writes never wait for the database.</b> A write is appended to the journal and forced
 *       to disk, then kept in the local files; the {@link OutboxShipper} delivers it in the
 *       background, in order, and exactly once (see {@link JournalApplier}). The journal append is
 *       the commit point: when it fails the write fails (the engine keeps the record and tries
 *       again); when only the local file fails afterwards, the record is still delivered to the
 *       fleet and the local miss is logged.</li>
 *   <li><b>Reads of statistics</b> add the other hosts' evidence from the database, each under
 *       its host id as origin, to this host's own; when the database cannot be reached within
 *       {@code connect_timeout}, the evidence last saved locally is used.</li>
 *   <li><b>History</b> reads this host's local history; the fleet's is in {@code fleet_history}.</li>
 * </ul>
 *
 * <p>Thread-safe: the engine calls it from its store lane; the shipper runs on its own thread.
 */
public final class PostgresStrategyStore implements StrategyStore {

    /** The store's name, chosen with {@code store: postgres}. */
    public static final String NAME = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresStrategyStore.class);

    private final String host;
    private final JsonFileStrategyStore local;
    private final OutboxJournal journal;
    private final FleetDatabase database;
    private final OutboxShipper shipper;
    private final FleetMembership membership;
    private final FleetLeadership leadership;
    private final PluginContext context;
    private FleetOutageWatch outageWatch;
    private FleetSnapshotReader snapshots;
    private final FleetPlacement placement;
    private final FleetPruner pruner;

    private PostgresStrategyStore(PluginContext context, String host, JsonFileStrategyStore local, OutboxJournal journal, FleetDatabase database,
                                  OutboxShipper shipper, FleetMembership membership, FleetLeadership leadership,
                                  FleetPruner pruner, FleetPlacement placement) {
        this.pruner = pruner;
        this.placement = placement;
        this.host = host;
        this.local = local;
        this.journal = journal;
        this.database = database;
        this.shipper = shipper;
        this.membership = membership;
        this.leadership = leadership;
        this.context = context;
    }

    /**
     * Opens the store of a home: the local files, the journal (whose pending records the shipper
     * starts delivering at once), the pool (which connects when first used) and the membership
     * lease (renewed in the background).
     *
     * @param context the engine's home, time and alerts
     * @param settings where the fleet's database is
     * @return the store
     * @throws IOException when the local files or the journal cannot be read or made
     */
    public static PostgresStrategyStore open(PluginContext context, FleetSettings settings) throws IOException {
        // the section's host_id, else the engine's (the config's host_id, else data/host-id)
        String host = settings.hostId().isPresent() || context.hostId().isEmpty()
                ? HostIdentity.resolve(context.home(), settings.hostId(), context.time())
                : context.hostId().get();
        JsonFileStrategyStore local = new JsonFileStrategyStore(context, settings.historyRetention());
        OutboxJournal journal = OutboxJournal.open(context.home(), host, context.time());
        FleetDatabase database = new FleetDatabase(settings);
        OutboxShipper shipper = new OutboxShipper(journal, database, context.time());
        shipper.start();
        FleetMembership membership = new FleetMembership(database, host, context);
        membership.start();
        FleetLeadership leadership = new FleetLeadership(database, host);
        leadership.start();
        FleetPruner pruner = new FleetPruner(database, leadership, context.time());
        pruner.start();
        FleetPlacement placement = new FleetPlacement(database, host, leadership, membership, context);
        placement.start();
        LOG.info("fleet store for host '{}' in fleet '{}' at {} (schema {}); {} record(s) pending in the outbox",
                host, settings.fleet(), settings.maskedUrl(), settings.schema(), journal.pendingCount());
        return new PostgresStrategyStore(context, host, local, journal, database, shipper, membership, leadership, pruner,
                placement);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return this host's id in the fleet */
    public String host() {
        return host;
    }

    /** @return records in the outbox not yet in the database */
    public int pendingRecords() {
        return journal.pendingCount();
    }

    /** @return records the shipper wrote to the database since the store opened */
    public long deliveredRecords() {
        return shipper.delivered();
    }

    /** @return this host's part in the leader election */
    public FleetLeadership leadership() {
        return leadership;
    }

    /** @return the host's membership lease */
    public FleetMembership membership() {
        return membership;
    }

    /**
     * This host's statistics (and the evidence of others saved locally), with the other hosts'
     * evidence from the database in place of what was saved of them, when it can be read.
     */
    @Override
    public List<StrategyStats> loadStrategies() throws IOException {
        List<StrategyStats> saved = local.loadStrategies();
        List<StrategyStats> fleet;
        try (Connection connection = database.connection()) {
            fleet = FleetEvidence.others(connection, host);
        } catch (SQLException e) {
            LOG.warn("could not read the fleet's evidence ({}); using what was saved locally",
                    database.settings().scrub(e.getMessage()));
            return saved;
        }
        Set<String> fresh = new HashSet<>();
        fleet.forEach(s -> fresh.add(s.origin()));
        List<StrategyStats> out = new ArrayList<>();
        saved.stream().filter(s -> !fresh.contains(s.origin())).forEach(out::add);
        out.addAll(fleet);
        return out;
    }

    /** @return {@code evidence_refresh}, empty when it is zero */
    @Override
    public Optional<Duration> evidenceRefresh() {
        Duration every = database.settings().evidenceRefresh();
        return every.isZero() ? Optional.empty() : Optional.of(every);
    }

    /**
     * The fleet's correlated-failure guard: failures with an error signature are reported to
     * {@code fleet_failure}, the leader opens and ends outages and names one canary (fenced
     * decisions), and the engine asks it before its local guard. Made once; closed with the store.
     */
    @Override
    public synchronized Optional<io.github.workerrecovery.api.FleetOutageGuard> fleetOutageGuard(
            io.github.workerrecovery.api.FleetOutageGuard.Rules rules) {
        if (outageWatch == null) {
            membership.declareGroups(rules.groups());
            outageWatch = new FleetOutageWatch(database, host, leadership, context, rules);
            outageWatch.start();
        }
        return Optional.of(outageWatch);
    }

    /**
     * Fleet-level {@code scale_up}: this host's requests go to {@code fleet_placement}, the leader
     * places each on the least-loaded live host under its fencing token, and the chosen host's
     * engine starts it. The bounds are listed with this host's workers for the leader. The
     * placement runs from the store's start (the leader places whether or not its own engine has
     * such workers); this only declares the bounds.
     */
    @Override
    public Optional<FleetScaling> fleetScaling(Map<WorkerId, FleetScaling.Bounds> bounds) {
        Map<String, FleetScaling.Bounds> byName = new java.util.LinkedHashMap<>();
        bounds.forEach((w, b) -> byName.put(w.value(), b));
        membership.declareFleetBounds(byName);
        placement.declare(byName);
        return Optional.of(placement);
    }

    /**
     * The fleet as {@code fleet status} reads it (hosts, leader) and its open shared outages, for
     * the dashboard. Read on a thread of its own; the caller waits at most twice
     * {@code connect_timeout} (at least 2 s), and callers arriving during a read share it.
     */
    @Override
    public Optional<io.github.workerrecovery.api.FleetSnapshot> fleetSnapshot() throws IOException {
        FleetSnapshotReader reader;
        synchronized (this) {
            if (snapshots == null) {
                snapshots = new FleetSnapshotReader(database, host);
            }
            reader = snapshots;
        }
        return Optional.of(reader.read());
    }

    @Override
    public void saveStrategies(Collection<StrategyStats> all) throws IOException {
        // the local entries only: the fleet's rows of this host are exactly its own evidence
        List<StrategyStats> own = all.stream().filter(StrategyStats::isLocal).toList();
        journal.append(OutboxRecord.Kind.STRATEGIES, compact(StrategiesFileDto.write(own)));
        keepLocally(() -> local.saveStrategies(all), "learned strategies");
    }

    @Override
    public void appendHistory(RecoveryOutcome outcome) throws IOException {
        journal.append(OutboxRecord.Kind.HISTORY, RecoveryOutcomeDto.toLine(outcome));
        keepLocally(() -> local.appendHistory(outcome), "a history record");
    }

    @Override
    public List<RecoveryOutcome> history(HistoryQuery query) throws IOException {
        return local.history(query);
    }

    @Override
    public List<ErrorPattern> loadPatterns() throws IOException {
        return local.loadPatterns();
    }

    @Override
    public void savePatterns(Collection<ErrorPattern> all) throws IOException {
        journal.append(OutboxRecord.Kind.PATTERNS, compact(PatternsFileDto.write(all)));
        keepLocally(() -> local.savePatterns(all), "error patterns");
    }

    /**
     * Appends an incident alert to the outbox, for the fleet's {@code fleet_alert} table.
     *
     * @param alert the alert's JSON (severity, message, timestamp), one line
     * @throws IOException when the journal cannot be written
     */
    void appendAlert(String alert) throws IOException {
        journal.append(OutboxRecord.Kind.ALERT, alert);
    }

    /**
     * Leaves the fleet (the lease is given up), gives the shipper up to {@code connect_timeout}
     * to deliver what is pending, and closes the pool; what was not delivered stays in the
     * journal for the next start.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (outageWatch != null) {
                outageWatch.close();
            }
        }
        placement.close();
        pruner.close();
        leadership.close();
        membership.close();
        shipper.drainAndStop(database.settings().connectTimeout().toMillis());
        journal.close();
        database.close();
        local.close();
    }

    @Override
    public String toString() {
        return "PostgresStrategyStore[host " + host + ", " + database + "]";
    }

    private static String compact(byte[] prettyJson) {
        return RecoveryJson.parse(prettyJson, true).toString();
    }

    @FunctionalInterface
    private interface LocalWrite {
        void run() throws IOException;
    }

    private static void keepLocally(LocalWrite write, String what) {
        try {
            write.run();
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not keep {} in the local files; it is in the outbox and reaches the fleet database",
                    what, e);
        }
    }

    /**
     * Makes the {@value #NAME} store; found by {@link java.util.ServiceLoader}. Stateless.
     */
    public static final class Provider implements StrategyStoreProvider {

        private final Map<String, String> env;

        /** Found by {@link java.util.ServiceLoader}: reads the process's environment. */
        public Provider() {
            this(System.getenv());
        }

        /**
         * @param env the environment the URL, user and password variables are read from
         */
        public Provider(Map<String, String> env) {
            this.env = Map.copyOf(env);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public SettingsSpec settings() {
            return FleetSettings.SPEC;
        }

        /**
         * @throws IOException when the password file, the local files or the journal cannot be read
         */
        @Override
        public StrategyStore create(PluginContext context) throws IOException {
            return open(context, FleetSettings.from(context.settings(), env));
        }
    }
}
