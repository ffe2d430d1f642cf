package io.github.workerrecovery.cli.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.github.workerrecovery.cli.CommandFailure;
import io.github.workerrecovery.cli.ExitCodes;
import io.github.workerrecovery.json.RecoveryJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    private final HttpClient http;

    private ControlClient(Path home, ControlFile control) {
        this.home = home;
        this.control = control;
        // never through a proxy: the daemon is on this host's loopback
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).proxy(HttpClient.Builder.NO_PROXY).build();
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
        return require(send(HttpRequest.newBuilder(uri("/status")).GET(), REQUEST_TIMEOUT));
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
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/recover"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RecoveryJson.toLine(body)));
        ControlResponse response = send(request, wait.map(w -> w.plus(ANSWER_SLACK)).orElse(RECOVER_TIMEOUT));
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
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/strategies/import"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(export));
        return ControlResponse.bind(require(send(request, REQUEST_TIMEOUT)), ControlMessages.Imported.class);
    }

    /**
     * Asks the daemon to stop; it answers at once and stops right after.
     *
     * @throws CommandFailure when the daemon does not answer or refuses
     */
    public void requestStop() {
        require(send(HttpRequest.newBuilder(uri("/stop")).POST(HttpRequest.BodyPublishers.noBody()), REQUEST_TIMEOUT));
    }

    private JsonNode require(ControlResponse response) {
        if (!response.ok()) {
            throw CommandFailure.of(response.error());
        }
        return response.body();
    }

    private ControlResponse send(HttpRequest.Builder request, Duration timeout) {
        request.header("Authorization", "Bearer " + control.token()).timeout(timeout);
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.NO_DAEMON, "no daemon answers on " + ControlFile.HOST + ":" + control.port()
                    + " (home " + home + "): " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CommandFailure.of("interrupted while waiting for the daemon");
        }
        return new ControlResponse(response.statusCode(), parse(response.body()));
    }

    private URI uri(String path) {
        return URI.create("http://" + ControlFile.HOST + ":" + control.port() + path);
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
