package io.github.workerrecovery.cli.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.github.workerrecovery.cli.CommandFailure;
import io.github.workerrecovery.cli.ExitCodes;
import io.github.workerrecovery.json.RecoveryJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The commands' side of the control API: finds the daemon of a home through its
 * {@link ControlFile} and sends it authenticated requests. Every way of not reaching a daemon
 * (no control file, its pid gone, connection refused, no answer in time) is a
 * {@link CommandFailure} with exit code {@link ExitCodes#NO_DAEMON}; a request the daemon
 * refuses is one with {@link ExitCodes#FAILURE} and the daemon's one-line reason.
 *
 * <p>Requests go through {@link HttpURLConnection}, not {@code java.net.http.HttpClient}: a
 * command lives for one request, and the newer client sets up TLS (its default SSL context reads
 * the trust store) and a selector thread before it sends a plain-HTTP request to loopback, about
 * a tenth of a {@code status} call's wall time.
 */
public final class ControlClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Added to the wait a caller asks of {@code /recover}, for the answer's own travel. */
    private static final Duration ANSWER_SLACK = Duration.ofSeconds(15);
    /**
     * Without a wait of its own, {@code /recover} answers within the daemon's verification window
     * plus action timeout (2 min by default); only a wedged daemon runs into this bound.
     */
    private static final Duration RECOVER_TIMEOUT = Duration.ofMinutes(30);

    private final Path home;
    private final ControlFile control;

    private ControlClient(Path home, ControlFile control) {
        this.home = home;
        this.control = control;
    }

    /**
     * @param home a daemon's home
     * @return a client for the daemon running there
     * @throws CommandFailure with {@link ExitCodes#NO_DAEMON} when none runs there
     */
    public static ControlClient forHome(Path home) {
        ControlFile control;
        try {
            control = ControlFile.read(home).orElseThrow(() -> new CommandFailure(ExitCodes.NO_DAEMON,
                    "no daemon is running on " + home + " (no " + ControlFile.FILE + ")"));
        } catch (AccessDeniedException e) {
            // a daemon may well run, as another user: its file is readable by that user only
            throw CommandFailure.of("cannot read " + ControlFile.path(home) + ": permission denied; run this as the "
                    + "user the daemon runs as");
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.NO_DAEMON, "no daemon answers on " + home + ": " + e.getMessage());
        }
        boolean alive = ProcessHandle.of(control.pid()).map(ProcessHandle::isAlive).orElse(false);
        if (!alive) {
            throw new CommandFailure(ExitCodes.NO_DAEMON, "no daemon is running on " + home + " (pid " + control.pid()
                    + " of " + ControlFile.FILE + " is gone)");
        }
        return new ControlClient(home, control);
    }

    /** @return the daemon's pid, from its control file */
    public long pid() {
        return control.pid();
    }

    /**
     * @return the daemon's status in the form of {@link StatusDto}, as sent
     * @throws CommandFailure when the daemon does not answer or refuses
     */
    public JsonNode status() {
        return require(send("GET", "/status", null, REQUEST_TIMEOUT));
    }

    /**
     * Asks for a manual recovery and waits for its verified outcome.
     *
     * @param worker the worker's id
     * @param action the action's name
     * @param wait how long the daemon should wait for the outcome before answering 202; empty
     *     for its default (verification window + action timeout)
     * @return the answer: 200 with a {@link ControlMessages.RecoverDone}, or 202 with a
     *     {@link ControlMessages.RecoverQueued} when still running (read either as a
     *     {@link ControlMessages.RecoverAnswer});
     *     refusals (unknown worker or action) are thrown
     * @throws CommandFailure when the daemon does not answer or refuses
     */
    public ControlResponse recover(String worker, String action, Optional<Duration> wait) {
        ControlMessages.RecoverRequest body = new ControlMessages.RecoverRequest(worker, action,
                wait.map(Duration::toMillis).orElse(null));
        ControlResponse response = send("POST", "/recover", RecoveryJson.toLine(body).getBytes(StandardCharsets.UTF_8),
                wait.map(w -> w.plus(ANSWER_SLACK)).orElse(RECOVER_TIMEOUT));
        require(response);
        return response;
    }

    /**
     * Has the daemon merge a strategies export into what it learned, and save it.
     *
     * @param export the bytes of a {@code StrategyExportFile}
     * @return the merge report
     * @throws CommandFailure when the daemon does not answer or refuses, or its answer is not a report
     */
    public ControlMessages.Imported importStrategies(byte[] export) {
        return ControlResponse.bind(require(send("POST", "/strategies/import", export, REQUEST_TIMEOUT)),
                ControlMessages.Imported.class);
    }

    /**
     * Asks the daemon to stop; it answers at once and stops right after.
     *
     * @throws CommandFailure when the daemon does not answer or refuses
     */
    public void requestStop() {
        require(send("POST", "/stop", new byte[0], REQUEST_TIMEOUT));
    }

    private JsonNode require(ControlResponse response) {
        if (!response.ok()) {
            throw CommandFailure.of(response.error());
        }
        return response.body();
    }

    /**
     * @param body the JSON body of a POST, null for a GET
     */
    private ControlResponse send(String method, String path, byte[] body, Duration timeout) {
        HttpURLConnection connection = null;
        try {
            // never through a proxy: the daemon is on this host's loopback
            connection = (HttpURLConnection) new URL("http", ControlFile.HOST, control.port(), path)
                    .openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            connection.setUseCaches(false);
            connection.setRequestMethod(method);
            connection.setRequestProperty("Authorization", "Bearer " + control.token());
            if (body != null) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                connection.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int code = connection.getResponseCode();
            InputStream in = code >= 400 ? connection.getErrorStream() : connection.getInputStream();
            byte[] answer;
            if (in == null) {
                answer = new byte[0];
            } else {
                try (in) {
                    answer = in.readAllBytes();
                }
            }
            return new ControlResponse(code, parse(answer));
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.NO_DAEMON, "no daemon answers on " + ControlFile.HOST + ":" + control.port()
                    + " (home " + home + "): " + describe(e));
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return RecoveryJson.parse(body, false);
        } catch (IllegalArgumentException e) {
            // not JSON (a proxy's error page, say): the status code alone must then tell
            return MissingNode.getInstance();
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
