package io.github.workerrecovery.cli.daemon;

/**
 * Whether the daemon serves the dashboard and HTTP API, and on which port of 127.0.0.1
 * ({@code start --web-port N}, {@code --no-web}).
 *
 * @param enabled whether to serve them
 * @param port the port, 0 for one the system picks (printed, and recorded in the control file)
 */
public record WebSettings(boolean enabled, int port) {

    /** On, on a port the system picks. */
    public static final WebSettings DEFAULT = new WebSettings(true, 0);

    /** Checks the port. */
    public WebSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--web-port must be 0 to 65535 but was " + port);
        }
    }
}
