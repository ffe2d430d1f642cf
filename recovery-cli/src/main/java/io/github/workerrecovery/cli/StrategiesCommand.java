package io.github.workerrecovery.cli;

import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.cli.control.ControlMessages;
import io.github.workerrecovery.cli.control.ControlClient;
import io.github.workerrecovery.cli.daemon.DaemonLock;
import io.github.workerrecovery.cli.daemon.PidFile;
import io.github.workerrecovery.cli.format.CorrelationTable;
import io.github.workerrecovery.cli.format.Formats;
import io.github.workerrecovery.cli.format.StrategyGroups;
import io.github.workerrecovery.cli.format.StrategyTable;
import io.github.workerrecovery.core.PredictionConfig;
import io.github.workerrecovery.core.prediction.ResourceCorrelation;
import io.github.workerrecovery.core.store.JsonFileStrategyStore;
import io.github.workerrecovery.core.store.StrategyExportFile;
import io.github.workerrecovery.core.store.StrategyMerge;
import io.github.workerrecovery.json.RecoveryJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code strategies}: what was learned about which action works for which failure and error
 * pattern, and sharing it between hosts.
 *
 * <ul>
 *   <li>Listing reads the home's strategies and patterns files ({@link StrategyGroups},
 *       {@link StrategyTable}); a running daemon saves after every recovery and import, so the
 *       file is current. Then the resource differences that consistently preceded failures
 *       ({@link CorrelationTable}, from {@code data/resource_correlations.json}).
 *   <li>{@code --export FILE} writes a {@link StrategyExportFile} from the strategies file too,
 *       this host's own evidence under its host id.
 *   <li>{@code --import FILE} checks the whole file first and changes nothing when it is bad.
 *       With a daemon running on the home the import goes through its control API, because the
 *       daemon keeps the statistics in memory and its next save would overwrite a file changed
 *       behind its back; without one, the file is merged in place while the home's daemon lock is
 *       held, so that no daemon starts in between.
 * </ul>
 */
@Command(name = "strategies", mixinStandardHelpOptions = true, versionProvider = WorkerRecoveryCommand.Version.class,
        sortOptions = false,
        description = {"Prints what was learned per failure kind and error pattern: each action's attempts, successes, "
                + "success rate, mean time to recover and the attempts imported from other hosts; * marks the "
                + "preferred action. Reads the home's data/recovery_strategies.json; needs no running daemon. "
                + "Then the resources that consistently preceded a worker's failures (data/resource_correlations.json).",
            "--export writes this host's learning to a file another host can --import; evidence is kept per host, "
                + "so importing the same file twice, or a file that went A -> B -> A, counts every attempt once."})
final class StrategiesCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the same structure as JSON.")
    private boolean json;

    @Option(names = "--export", paramLabel = "FILE",
            description = "Write every learned statistic to FILE (replaced atomically), this host's own under its host id.")
    private Path exportFile;

    @Option(names = "--import", paramLabel = "FILE",
            description = "Merge a file written by --export on another host; through the daemon when one runs.")
    private Path importFile;

    @Mixin
    private HomeOptions homeOptions;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (exportFile != null && importFile != null) {
            throw new ParameterException(spec.commandLine(), "--export and --import cannot be used together");
        }
        if (json && (exportFile != null || importFile != null)) {
            throw new ParameterException(spec.commandLine(), "--json applies to the listing, not to --export or --import");
        }
        HomeFiles files = HomeFiles.of(homeOptions.home(), spec.commandLine().getErr());
        if (exportFile != null) {
            return export(files);
        }
        if (importFile != null) {
            return importFrom(files);
        }
        return list(files);
    }

    private int list(HomeFiles files) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        HomeFiles.Saved saved = files.saved();
        List<StrategyGroups.Group> groups = StrategyGroups.of(saved.strategies(), files.patterns(), saved.memory());
        List<ResourceCorrelation> correlations = files.correlations();
        PredictionConfig rule = homeOptions.prediction();
        if (json) {
            out.println(RecoveryJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(new CorrelationTable.ListingDto(
                    StrategyTable.toJson(groups).groups(), CorrelationTable.toJson(correlations, rule))));
            return ExitCodes.OK;
        }
        String resources = CorrelationTable.render(correlations, rule);
        if (groups.isEmpty() && resources.isEmpty()) {
            out.println("nothing learned yet in " + files.home());
            return ExitCodes.OK;
        }
        if (!groups.isEmpty()) {
            out.print(StrategyTable.render(groups));
        }
        if (!resources.isEmpty()) {
            out.print((groups.isEmpty() ? "" : "\n") + resources);
        }
        return ExitCodes.OK;
    }

    private int export(HomeFiles files) throws IOException {
        String hostId = files.hostId(homeOptions.hostIdOverride());
        List<StrategyStats> all = files.strategies();
        List<StrategyStats> exported = StrategyExportFile.entriesToExport(hostId, all);
        // whole seconds: the time is for people comparing files, not for ordering
        StrategyExportFile.write(exportFile, hostId, Instant.now().truncatedTo(ChronoUnit.SECONDS), all);
        long own = exported.stream().filter(s -> s.origin().equals(hostId)).count();
        long others = exported.stream().map(StrategyStats::origin).filter(o -> !o.equals(hostId)).distinct().count();
        spec.commandLine().getOut().println("exported " + entries(exported.size()) + " to " + exportFile + ": " + own
                + " of this host (" + hostId + "), " + (exported.size() - own) + " imported from " + others
                + " other host(s)");
        return ExitCodes.OK;
    }

    private int importFrom(HomeFiles files) throws IOException {
        byte[] bytes = readExport();
        // checked here, before anything changes, so that a bad file is reported under its own name
        StrategyExportFile.Contents contents = parseExport(bytes);
        String what = "imported " + entries(contents.strategies().size()) + " exported by " + contents.host() + " at "
                + Formats.instant(contents.exportedAt());
        PrintWriter out = spec.commandLine().getOut();
        Path home = files.home();
        if (PidFile.liveDaemon(home).isPresent()) {
            ControlClient daemon = ControlClient.forHome(home);
            ControlMessages.Imported answer = daemon.importStrategies(bytes);
            StrategyMerge.Report report = new StrategyMerge.Report(orZero(answer.added()), orZero(answer.updated()),
                    orZero(answer.unchanged()), orZero(answer.skippedOwn()));
            out.println(what + " through the daemon (pid " + daemon.pid() + "): " + report);
            return ExitCodes.OK;
        }
        String hostId = files.hostId(homeOptions.hostIdOverride());
        StrategyMerge.Report report;
        // held while merging, so that a daemon starting now cannot load the old file and later overwrite the merge
        DaemonLock lock = DaemonLock.acquire(home);
        try {
            report = files.importStrategies(contents.strategies(), hostId);
        } finally {
            lock.close();
        }
        out.println(what + " into " + home.resolve(JsonFileStrategyStore.STRATEGIES_FILE) + ": " + report);
        return ExitCodes.OK;
    }

    private byte[] readExport() throws IOException {
        try {
            return Files.readAllBytes(importFile);
        } catch (NoSuchFileException e) {
            throw CommandFailure.of("cannot import " + importFile + ": no such file");
        }
    }

    /** A bad file is one line naming it and what is wrong. */
    private StrategyExportFile.Contents parseExport(byte[] bytes) {
        try {
            return StrategyExportFile.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.of("cannot import " + importFile + ": " + e.getMessage());
        }
    }

    private static String entries(int n) {
        return n + (n == 1 ? " entry" : " entries");
    }

    private static int orZero(Integer n) {
        return n == null ? 0 : n;
    }
}
