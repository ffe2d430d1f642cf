package io.github.workerrecovery.web.internal;

import io.github.workerrecovery.core.WorkerAutoRecovery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every route of the server, with the parts they share (the event digest, the resource samples,
 * the open event streams). {@link #close()} ends the streams and the sampler.
 */
public final class WebRoutes implements AutoCloseable {

    /** The API's prefix: the version is in the path, so that a v2 can be served beside it. */
    public static final String API = "/api/v1";

    private final List<Route> routes = new ArrayList<>();
    private final EventDigest digest;
    private final ResourceSamples samples;
    private final EventStreamEndpoint stream;

    /**
     * @param recovery the engine
     * @param metrics the Prometheus scrape, or null for the built-in one
     * @param sampleInterval time between resource samples
     * @param maxEventStreams event streams open at most
     * @param heartbeat time between keep-alive comments on an idle event stream
     * @param tokens the tokens a login accepts
     * @param sessions the logins
     * @param tokenForReads whether reads need a token or a login
     */
    public WebRoutes(WorkerAutoRecovery recovery, Supplier<String> metrics, Duration sampleInterval,
                     int maxEventStreams, Duration heartbeat, Tokens tokens, Sessions sessions, boolean tokenForReads) {
        this.digest = new EventDigest(recovery.events());
        this.samples = new ResourceSamples(recovery::getSystemStatus, sampleInterval);
        this.stream = new EventStreamEndpoint(recovery.events(), maxEventStreams, heartbeat);
        StatusView status = new StatusView(recovery, digest, samples);
        HistoryView history = new HistoryView(recovery);
        LearnedView learned = new LearnedView(recovery, digest);
        StaticAssets assets = new StaticAssets();
        byte[] openApi = StaticAssets.read("/io/github/workerrecovery/web/openapi.json");
        Supplier<String> scrape = metrics != null ? metrics : () -> PrometheusText.of(recovery.getSystemStatus());

        LoginEndpoints login = new LoginEndpoints(tokens, sessions, tokenForReads);

        // the page and its files are public: without a login they show the read-only view, or
        // send to the login page when reads need one; the data they show is behind the checks
        open("GET", "/", r -> assets.index());
        open("GET", "/login", r -> assets.asset("login.html"));
        open("GET", "/ui/{asset}", r -> assets.asset(r.path("asset")));
        open("POST", API + "/login", login::login);
        open("POST", API + "/logout", login::logout);
        open("GET", API + "/session", login::session);
        read(API + "/openapi.json", r -> new Reply(200, Reply.JSON, openApi));
        read(API + "/status", r -> Reply.json(200, status.status()));
        read(API + "/instances", r -> Reply.json(200, status.instances()));
        read(API + "/instances/{worker}/{slot}", r -> Reply.json(200, status.detail(r.path("worker"), r.path("slot"))));
        read(API + "/history", r -> Reply.json(200, history.page(r)));
        read(API + "/strategies", r -> Reply.json(200, learned.strategies()));
        read(API + "/patterns", r -> Reply.json(200, learned.patterns(Instant.now())));
        read(API + "/correlations", r -> Reply.json(200, learned.correlations()));
        read(API + "/alerts", r -> {
            List<Object> alerts = new ArrayList<>();
            recovery.recentAlerts().forEach(a -> alerts.add(0, io.github.workerrecovery.json.IncidentAlertDto.of(a)));
            return Reply.json(200, alerts);
        });
        // fleet mode only has something to show; without it {"fleet": false}
        read(API + "/fleet", new FleetEndpoint(recovery));
        read(API + "/events", stream);
        write(API + "/recover", new RecoverEndpoint(recovery));
        // answers only when the token is right (a write's check, changing nothing): the dashboard
        // asks it before it offers the manual recovery control
        write(API + "/auth", r -> Reply.json(200, Map.of("write", true)));
        read("/metrics", r -> Reply.text(PrometheusText.CONTENT_TYPE, scrape.get()));
        warmUp(status);
    }

    /**
     * Builds the JSON serializers of the status in the background at start: Jackson inspects each
     * record type the first time it meets it, which made the first visitor's status answer (the
     * one the dashboard's first render waits for) several times slower than the next ones.
     */
    private static void warmUp(StatusView status) {
        Thread t = new Thread(() -> {
            try {
                Reply.json(200, status.status());
                Reply.json(200, List.of(StatusView.sample()));
            } catch (RuntimeException e) {
                // only a head start: the first request builds what is missing
            }
        }, "recovery-web-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private void open(String method, String template, Route.Handler handler) {
        routes.add(new Route(method, template, Route.Access.PUBLIC, handler));
    }

    private void read(String template, Route.Handler handler) {
        routes.add(new Route("GET", template, Route.Access.READ, handler));
    }

    private void write(String template, Route.Handler handler) {
        routes.add(new Route("POST", template, Route.Access.WRITE, handler));
    }

    /** @return the routes, in the order they are tried */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    @Override
    public void close() {
        stream.close();
        samples.close();
        digest.close();
    }
}
