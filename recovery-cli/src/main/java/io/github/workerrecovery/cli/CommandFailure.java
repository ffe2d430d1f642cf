package io.github.workerrecovery.cli;

/**
 * A command could not do its job for a reason the user can act on ("no daemon is running on
 * ...", "unknown worker 'x'"). {@link Main} prints the message as one line on stderr, never a
 * stack trace, and exits with {@link #exitCode()}.
 */
public final class CommandFailure extends RuntimeException {

    private final int exitCode;

    /**
     * @param exitCode the process exit code, one of {@link ExitCodes}
     * @param message one line saying what is wrong
     */
    public CommandFailure(int exitCode, String message) {
        // no stack trace: it is never printed, and this is not a programming error
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /**
     * @param message one line saying what is wrong
     * @return a failure with exit code {@link ExitCodes#FAILURE}
     */
    public static CommandFailure of(String message) {
        return new CommandFailure(ExitCodes.FAILURE, message);
    }

    /** @return the process exit code */
    public int exitCode() {
        return exitCode;
    }
}
