package io.github.workerrecovery.cli;

import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.cli.format.Formats;
import io.github.workerrecovery.cli.format.TextTable;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code strategies}: what the daemon has learned about which action works for which failure. */
@Command(name = "strategies", sortOptions = false,
        description = "Prints the learned success of each action per failure kind, best first, from the home's "
                + "data/recovery_strategies.json. Needs no running daemon.")
final class StrategiesCommand implements Callable<Integer> {

    private static final Comparator<StrategyStats> BEST_FIRST = Comparator
            .comparing((StrategyStats s) -> s.failure().name())
            .thenComparing(Comparator.comparingDouble(StrategyStats::successRate).reversed())
            .thenComparing(Comparator.comparingLong(StrategyStats::attempts).reversed())
            .thenComparing(StrategyStats::action);

    @Mixin
    private HomeOptions homeOptions;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        HomeFiles files = HomeFiles.of(homeOptions.home(), spec.commandLine().getErr());
        List<StrategyStats> stats = files.strategies().stream().sorted(BEST_FIRST).toList();
        if (stats.isEmpty()) {
            spec.commandLine().getOut().println("nothing learned yet in " + files.home());
            return ExitCodes.OK;
        }
        TextTable table = new TextTable("FAILURE", "ACTION", "ATTEMPTS", "SUCCESSES", "SUCCESS RATE", "MEAN TTR", "P95 TTR")
                .alignRight(2, 3, 4, 5, 6);
        for (StrategyStats s : stats) {
            table.row(s.failure(), s.action(), s.attempts(), s.successes(), Formats.percent(s.successRate()),
                    s.successes() > 0 ? Formats.duration(s.meanTimeToRecover()) : Formats.ABSENT,
                    s.successes() > 0 ? Formats.duration(s.p95TimeToRecover()) : Formats.ABSENT);
        }
        spec.commandLine().getOut().print(table.render());
        return ExitCodes.OK;
    }
}
