package io.github.workerrecovery.cli;

import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.cli.format.Formats;
import io.github.workerrecovery.cli.format.TextTable;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.postgres.FleetDatabase;
import io.github.workerrecovery.postgres.FleetSettings;
import io.github.workerrecovery.postgres.FleetView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fleet status} and {@code fleet history}: the fleet as its PostgreSQL database sees it,
 * read with the {@code plugins.postgres} section of the config file. Needs no running daemon.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true, versionProvider = WorkerRecoveryCommand.Version.class,
        description = "The fleet in its PostgreSQL database (store: postgres): every host and its lease, the leader, "
                + "the fleet's recovery history.",
        subcommands = {FleetCommand.Status.class, FleetCommand.History.class})
final class FleetCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    /** Where the fleet's database is: the config file's {@code plugins.postgres} section. */
    static final class ConfigOption {

        @Option(names = "--config", paramLabel = "FILE",
                description = "The config file whose plugins.postgres section names the database. Default: recovery.yaml.")
        private Path config;

        FleetDatabase open() throws java.io.IOException {
            Path file = config != null ? config : HomeOptions.DEFAULT_CONFIG;
            if (!Files.isRegularFile(file)) {
                throw CommandFailure.of("no config file " + file + ": give --config FILE with a plugins.postgres section");
            }
            PluginSettings section = RecoveryConfig.load(file).plugins().settings("postgres");
            return new FleetDatabase(FleetSettings.from(section, System.getenv()));
        }
    }

    /** {@code fleet status}: hosts, their leases and instances, the leader, open outages and pending placements. */
    @Command(name = "status", mixinStandardHelpOptions = true, versionProvider = WorkerRecoveryCommand.Version.class,
            description = "Every host of the fleet with its state, lease and workers, the leader, the open fleet outages"
                    + " and the placements of instances not yet started.")
    static final class Status implements Callable<Integer> {

        @picocli.CommandLine.Mixin
        private ConfigOption where;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (FleetDatabase database = where.open()) {
                FleetView view = new FleetView(database);
                List<FleetView.HostRow> hosts = query(database, view::hosts);
                Optional<FleetView.Leader> leader = query(database, view::leader);
                List<FleetView.OpenOutage> outages = query(database, view::openOutages);
                List<FleetView.PendingPlacement> placements = query(database, view::pendingPlacements);
                if (hosts.isEmpty()) {
                    spec.commandLine().getOut().println("no host has joined fleet '" + database.settings().fleet() + "'");
                    return ExitCodes.OK;
                }
                TextTable table = new TextTable("HOST", "STATE", "LEASE LEFT", "ADDRESS", "VERSION", "WORKERS").alignRight(2);
                for (FleetView.HostRow h : hosts) {
                    table.row(h.host(), h.state(), h.leaseLeftMillis() >= 0 ? Formats.millis(h.leaseLeftMillis()) : "lapsed",
                            h.address(), h.version(), h.workers());
                }
                spec.commandLine().getOut().print(table.render());
                spec.commandLine().getOut().println(leader.map(l -> "leader: " + l.holder() + " (term " + l.token() + ", "
                        + (l.live() ? "lease until " + Formats.instant(l.leaseUntil()) : "lease lapsed") + ")")
                        .orElse("leader: none yet"));
                printOutages(outages);
                printPlacements(placements);
                return ExitCodes.OK;
            }
        }

        private void printOutages(List<FleetView.OpenOutage> outages) {
            if (outages.isEmpty()) {
                spec.commandLine().getOut().println("open fleet outages: none");
                return;
            }
            spec.commandLine().getOut().println("open fleet outages:");
            TextTable table = new TextTable("OUTAGE", "GROUP", "OPENED", "HOLD UNTIL", "CANARIES", "LAST CANARY", "FAILURE")
                    .alignRight(4);
            for (FleetView.OpenOutage o : outages) {
                table.row(o.key(), o.group(), Formats.instant(o.openedAt()), Formats.instant(o.holdUntil()), o.canaries(),
                        o.canary().isEmpty() ? "-" : o.canary(), o.description());
            }
            spec.commandLine().getOut().print(table.render());
        }

        private void printPlacements(List<FleetView.PendingPlacement> placements) {
            if (placements.isEmpty()) {
                spec.commandLine().getOut().println("pending placements: none");
                return;
            }
            spec.commandLine().getOut().println("pending placements:");
            TextTable table = new TextTable("REQUESTED", "WORKER", "REASON", "ASKED BY", "STATE", "HOST", "REQUEST");
            for (FleetView.PendingPlacement p : placements) {
                table.row(Formats.instant(p.requestedAt()), p.worker(), p.reason(), p.requestedBy(), p.state(),
                        p.host().isEmpty() ? "-" : p.host(), p.request());
            }
            spec.commandLine().getOut().print(table.render());
        }
    }

    /** {@code fleet history}: the fleet's recovery attempts, every host. */
    @Command(name = "history", mixinStandardHelpOptions = true, versionProvider = WorkerRecoveryCommand.Version.class,
            description = "The fleet's most recent recovery attempts, every host, oldest first.")
    static final class History implements Callable<Integer> {

        @picocli.CommandLine.Mixin
        private ConfigOption where;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
                description = "At most the N most recent attempts. Default: ${DEFAULT-VALUE}.")
        private int limit;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (limit < 1) {
                throw new ParameterException(spec.commandLine(), "--limit must be >= 1 but was " + limit);
            }
            try (FleetDatabase database = where.open()) {
                List<FleetView.FleetOutcome> rows = query(database, () -> new FleetView(database).history(limit));
                if (rows.isEmpty()) {
                    spec.commandLine().getOut().println("no recovery attempts in the fleet's database");
                    return ExitCodes.OK;
                }
                TextTable table = new TextTable("STARTED", "HOST", "INSTANCE", "FAILURE", "ACTION", "RESULT",
                        "TIME TO RECOVER", "DETAIL").alignRight(6);
                for (FleetView.FleetOutcome row : rows) {
                    RecoveryOutcome o = row.outcome();
                    table.row(Formats.instant(o.startedAt()), row.host(), o.instance(), o.failure(), o.action(),
                            o.relapse() ? "relapse" : o.success() ? "ok" : "failed", Formats.duration(o.timeToRecover()),
                            o.detail());
                }
                spec.commandLine().getOut().print(table.render());
                return ExitCodes.OK;
            }
        }
    }

    @FunctionalInterface
    private interface Query<T> {
        T run() throws SQLException;
    }

    private static <T> T query(FleetDatabase database, Query<T> query) {
        try {
            return query.run();
        } catch (SQLException e) {
            throw CommandFailure.of("cannot read the fleet's database " + database.settings().maskedUrl() + ": "
                    + database.settings().scrub(e.getMessage()));
        }
    }
}
