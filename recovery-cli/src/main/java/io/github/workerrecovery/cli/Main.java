package io.github.workerrecovery.cli;

import io.github.workerrecovery.cli.format.Formats;
import io.github.workerrecovery.core.RecoveryConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code worker-recovery} program: {@code start}, {@code stop}, {@code status},
 * {@code recover}, {@code history}, {@code strategies}, {@code alerts} and {@code patterns}. Every error a user
 * can cause (unknown worker or action, a bad config, no daemon) is printed as one line on stderr
 * with a non-zero exit code from {@link ExitCodes}, never as a stack trace; a config with
 * several problems is printed as the one message that lists them all.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the command and exits the JVM with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command on {@code System.out} and {@code System.err}.
     *
     * @param args the command line
     * @return the exit code
     */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /**
     * Runs the command on the given streams; used by tests and by hosts embedding the tool.
     * {@code start} without {@code --daemon} blocks until the daemon is stopped.
     *
     * @param out standard output
     * @param err standard error
     * @param args the command line
     * @return the exit code
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new WorkerRecoveryCommand())
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Main::oneLineError)
                .setParameterExceptionHandler(Main::usageError);
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int oneLineError(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof CommandFailure failure) {
            err.println("error: " + failure.getMessage());
            return failure.exitCode();
        }
        if (e instanceof RecoveryConfigException config) {
            err.println(configProblems(config));
            return ExitCodes.FAILURE;
        }
        Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
        String message = cause.getMessage() == null || cause.getMessage().isBlank() ? "" : ": " + cause.getMessage();
        // an I/O message is often just a path: the exception's name says what happened to it
        String what = cause instanceof IOException || cause.getMessage() == null
                ? cause.getClass().getSimpleName() + message : cause.getMessage();
        err.println("error: " + Formats.oneLine(what));
        return ExitCodes.FAILURE;
    }

    /**
     * The exception's message, which already says "invalid recovery config": several problems
     * are printed as written, one per line; a single one on one line, because a YAML parser's
     * message spreads over several, with a caret under the excerpt that means nothing once
     * joined.
     */
    private static String configProblems(RecoveryConfigException e) {
        if (e.problems().size() > 1) {
            return e.getMessage();
        }
        return e.getMessage().lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.matches("\\^+"))
                .collect(Collectors.joining(" "));
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("error: " + Formats.oneLine(e.getMessage()));
        if (!UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("usage: " + commandLine.getCommandSpec().qualifiedName() + " --help");
        }
        return ExitCodes.USAGE;
    }
}
