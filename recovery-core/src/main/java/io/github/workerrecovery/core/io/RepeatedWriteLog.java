package io.github.workerrecovery.core.io;

import java.util.Objects;
import org.slf4j.Logger;

/**
 * The log of one file that is rewritten again and again (learned statistics, error patterns, the
 * running instances): while its writes fail, the first failure is one WARN line naming the file
 * and the cause, the rest go to DEBUG with their stack traces, and the first write that works
 * again says so at INFO with how many failed. A full disk used to log a WARN and a stack trace per
 * change, hundreds a minute, which buried the one line an operator needed.
 *
 * <p>Thread-safe.
 */
public final class RepeatedWriteLog {

    private final Logger log;
    private final String what;
    private long failures;

    /**
     * @param log where to log
     * @param what the file or data written, as the messages name it
     */
    public RepeatedWriteLog(Logger log, String what) {
        this.log = Objects.requireNonNull(log, "log");
        this.what = Objects.requireNonNull(what, "what");
    }

    /**
     * A write failed: WARN for the first of a run of failures, DEBUG for the others.
     *
     * @param cause why
     */
    public void failed(Exception cause) {
        long n;
        synchronized (this) {
            n = ++failures;
        }
        if (n == 1) {
            log.warn("could not write {}: {} (kept in memory and written with the next change; further failures are"
                    + " logged at DEBUG until a write works)", what, oneLine(cause));
        }
        log.debug("write {} of {} failed", n, what, cause);
    }

    /** A write worked: after failures, one INFO line says so. */
    public void succeeded() {
        long n;
        synchronized (this) {
            n = failures;
            failures = 0;
        }
        if (n > 0) {
            log.info("{} written again after {} failed write(s)", what, n);
        }
    }

    /** @return the failures since the last write that worked */
    public synchronized long failures() {
        return failures;
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage();
        String text = message == null || message.isBlank() ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message;
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
