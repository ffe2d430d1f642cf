package io.github.workerrecovery.core.process;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * One line for a failure and its causes, for a WARN that must stay one line because the condition
 * repeats (a log file that cannot be polled, a user's error pattern that blows up); the stack trace
 * goes to DEBUG beside it.
 */
final class CauseChain {

    /** Deeper chains are cut: the first few causes say what happened. */
    private static final int MAX_CAUSES = 5;

    private CauseChain() {
    }

    /**
     * @param failure a throwable
     * @return e.g. {@code UncheckedIOException: cannot poll; caused by: IOException: disk full}:
     *     each throwable's simple class name and message, outermost first
     */
    static String of(Throwable failure) {
        StringBuilder text = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable t = failure;
        for (int i = 0; t != null && seen.add(t); i++, t = t.getCause()) {
            if (i == MAX_CAUSES) {
                text.append("; ...");
                break;
            }
            if (i > 0) {
                text.append("; caused by: ");
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage().strip());
            }
        }
        return text.toString();
    }
}
