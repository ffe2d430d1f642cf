package io.github.workerrecovery.cli;

import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.cli.format.TextTable;
import io.github.workerrecovery.core.patterns.ErrorPatternMiner;
import io.github.workerrecovery.core.patterns.PatternMatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code patterns}: mines log files into error patterns with the library's miner, the same one
 * configuration the daemon uses, and prints them by count, or the pattern of every line.
 */
@Command(name = "patterns", mixinStandardHelpOptions = true, versionProvider = WorkerRecoveryCommand.Version.class,
        sortOptions = false,
        description = "Mines error patterns from log files, one message per line (log headers are stripped, "
                + "values masked), and prints them, most frequent first. Needs no daemon.")
final class PatternsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to mine, in order; - reads standard input.")
    private List<String> files;

    @Option(names = "--top", paramLabel = "N", description = "Only the N most frequent patterns. Default: all.")
    private Integer top;

    @Option(names = "--assign", description = "Instead of the table, print for every input line, in order, "
            + "its pattern id, a tab and the line (- for a blank line).")
    private boolean assign;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (top != null && top < 1) {
            throw new ParameterException(spec.commandLine(), "--top must be >= 1 but was " + top);
        }
        PrintWriter out = spec.commandLine().getOut();
        ErrorPatternMiner miner = new ErrorPatternMiner(TimeSource.system());
        long lines = 0;
        for (String file : files) {
            try (BufferedReader reader = open(file)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines++;
                    Optional<PatternMatch> match = miner.add(line);
                    if (assign) {
                        out.print(match.map(PatternMatch::id).orElse("-"));
                        out.print('\t');
                        out.print(line);
                        out.print('\n');
                    }
                }
            }
        }
        if (assign) {
            return ExitCodes.OK;
        }
        List<ErrorPattern> patterns = miner.patterns();
        int shown = top == null ? patterns.size() : Math.min(top, patterns.size());
        if (shown > 0) {
            TextTable table = new TextTable("ID", "COUNT", "TEMPLATE").alignRight(1);
            patterns.subList(0, shown).forEach(p -> table.row(p.id(), p.count(), p.describe()));
            out.print(table.render());
            out.print('\n');
        }
        out.print(lines + " line(s), " + patterns.size() + " pattern(s)"
                + (shown < patterns.size() ? ", the " + shown + " most frequent shown" : "") + "\n");
        return ExitCodes.OK;
    }

    private static BufferedReader open(String file) throws IOException {
        InputStream in;
        if (file.equals("-")) {
            in = System.in;
        } else {
            try {
                in = Files.newInputStream(Path.of(file));
            } catch (NoSuchFileException e) {
                throw CommandFailure.of("no such file: " + file);
            }
        }
        // malformed bytes become replacement characters: a log with a stray binary line must still be mined
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }
}
