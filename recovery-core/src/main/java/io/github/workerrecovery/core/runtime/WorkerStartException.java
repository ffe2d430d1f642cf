package io.github.workerrecovery.core.runtime;

/** A worker incarnation could not be started; the message says why in one line. */
public class WorkerStartException extends Exception {

    /**
     * @param message why, in one line
     * @param cause the underlying error, may be null
     */
    public WorkerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
