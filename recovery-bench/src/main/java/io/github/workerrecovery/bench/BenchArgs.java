package io.github.workerrecovery.bench;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The command-line conventions every benchmark main shares: {@code --help} prints the usage, a bad
 * argument is one line on stderr naming it and exit code 2, and numbers are checked against a range.
 */
public final class BenchArgs {

    private BenchArgs() {
    }

    /**
     * Parses the arguments, or handles {@code --help} and bad input the one way all benchmarks do.
     *
     * @param args the command line
     * @param name the benchmark's name, the prefix of an error line
     * @param usage the usage text
     * @param parse turns the arguments into options, throwing IllegalArgumentException when they are wrong
     * @param <T> the options type
     * @return the options, or empty after {@code --help} was answered
     */
    public static <T> Optional<T> parseOrExit(String[] args, String name, String usage, Function<String[], T> parse) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(usage);
            return Optional.empty();
        }
        try {
            return Optional.of(parse.apply(args));
        } catch (IllegalArgumentException e) {
            System.err.println(name + ": " + e.getMessage() + "; " + usage);
            System.exit(2);
            return Optional.empty();
        }
    }

    /**
     * @param args the command line
     * @param i the index of the option's value
     * @param name the option, for the error
     * @return the value
     * @throws IllegalArgumentException when the command line ends before it
     */
    public static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    /**
     * @param value the text
     * @param name the option, for the error
     * @param min the least allowed
     * @param max the most allowed
     * @return the number
     * @throws IllegalArgumentException when it is not a whole number within the range
     */
    public static long number(String value, String name, long min, long max) {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number but was '" + value + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + " but was " + n);
        }
        return n;
    }

    /**
     * {@link #number} for an int option.
     *
     * @param value the text
     * @param name the option, for the error
     * @param min the least allowed
     * @param max the most allowed
     * @return the number
     */
    public static int count(String value, String name, int min, int max) {
        return (int) number(value, name, min, max);
    }
}
