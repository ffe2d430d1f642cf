package io.github.workerrecovery.web.internal;

/**
 * A request the API refuses: its HTTP status and a one-line reason, answered as
 * {@code {"error": "..."}}.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * @param status a 4xx or 5xx status
     * @param message what is wrong; line breaks become spaces, so the answer stays one line
     */
    public ApiException(int status, String message) {
        super(message.replaceAll("[\\r\\n]+", " "), null, false, false);
        this.status = status;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }
}
