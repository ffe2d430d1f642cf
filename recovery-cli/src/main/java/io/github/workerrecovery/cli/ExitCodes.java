package io.github.workerrecovery.cli;

/**
 * The exit codes of {@code worker-recovery}, chosen so that a shell or cron job can act on them.
 * {@code status} uses all three of the first: 0 when every critical worker is healthy, 1 when
 * one is not, 2 when no daemon answers.
 */
public final class ExitCodes {

    /** The command did its job (for {@code status}: every critical worker is healthy). */
    public static final int OK = 0;

    /** The command failed, or {@code status} found a critical worker that is not healthy. */
    public static final int FAILURE = 1;

    /** No daemon runs on the home, or it does not answer. */
    public static final int NO_DAEMON = 2;

    /**
     * The command line itself is wrong (unknown option, missing argument): {@code EX_USAGE} of
     * sysexits.h, kept apart from 2 so that "no daemon" stays unambiguous.
     */
    public static final int USAGE = 64;

    private ExitCodes() {
    }
}
