package io.github.workerrecovery.core.internal.engine;

/**
 * One check, from its round's start until it returns: the thread that runs it, so that a round
 * that gave up on it can interrupt it without ever interrupting the thread's next task, or
 * drop it before it began.
 */
final class InFlightCheck {

    final long queuedNanos;
    private Thread thread;
    private boolean begun;
    private boolean ended;
    private boolean cancelled;
    private boolean interrupted;

    InFlightCheck(long queuedNanos) {
        this.queuedNanos = queuedNanos;
    }

    /** @return false when the round gave up on it before it began: do not run it */
    synchronized boolean begin() {
        if (cancelled) {
            return false;
        }
        begun = true;
        thread = Thread.currentThread();
        return true;
    }

    synchronized void end() {
        thread = null;
        ended = true;
        // an interrupt that arrived as the check returned belongs to this check, not to the next task
        Thread.interrupted();
    }

    /**
     * The round's timeout passed: interrupts the check if it runs.
     *
     * @return true when it had not begun, and now never will
     */
    synchronized boolean giveUp() {
        if (!begun) {
            cancelled = true;
            return true;
        }
        if (!ended && thread != null) {
            interrupted = true;
            thread.interrupt();
        }
        return false;
    }

    synchronized boolean interrupted() {
        return interrupted;
    }
}

