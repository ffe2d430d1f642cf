package io.github.workerrecovery.core.probe;

import io.github.workerrecovery.api.DurationText;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthProbeProvider;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.Setting;
import io.github.workerrecovery.api.SettingType;
import io.github.workerrecovery.api.SettingsSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks that a worker answers an HTTP GET in time with an expected status. The default
 * expectation is any 2xx: {@link HealthStatus#HEALTHY} with the metric {@code http_latency_ms}
 * (measured on the engine's time source). Any other status is {@link HealthStatus#CRITICAL} with
 * {@link FailureKind#UNRESPONSIVE} and a reason such as
 * {@code GET http://127.0.0.1:8080/health answered 503}; a refused connection, a timeout or any
 * other I/O failure is CRITICAL and UNRESPONSIVE too, with the cause in the reason. Redirects are
 * not followed, no proxy is used, and only the status line and headers are read: the body is
 * dropped unread, so an endless body cannot hold the probe.
 *
 * <p>User-info in the URL ({@code http://user:pw@host/health}) is sent as HTTP Basic
 * authentication, as curl does. Reasons and error messages never contain the URL's user-info or
 * query string, where credentials and tokens tend to live:
 * {@code http://user:pw@host/health?token=x} is shown as {@code http://host/health}.
 *
 * <p>Settings (the worker's {@code probes.http} section):
 * <ul>
 *   <li>{@code url} (required): an absolute {@code http} or {@code https} URL.</li>
 *   <li>{@code timeout} (default: the probe-wide {@code timeout}, itself 5 s): bounds the whole
 *       exchange, connection set-up included, up to the response headers.</li>
 *   <li>{@code expect_status} (default: any 2xx): one status code or a list of them, each
 *       100..599.</li>
 *   <li>{@code enabled} (default: true when the section has any key).</li>
 * </ul>
 * The probe's own section ({@code plugins.http}, read by {@link Provider}) takes
 * {@code timeout} (default 5 s): the default for workers, and the connect timeout of the one
 * {@link HttpClient} the probe shares among all checks. A worker's longer timeout therefore does
 * not extend connection set-up beyond the probe-wide one.
 *
 * <p>Applies when {@link #configuredFor} accepts the worker's section: any key switches it on,
 * {@code enabled: false} off. The config check refuses a section without {@code url}, with an
 * unknown key or a value of the wrong type ({@link #WORKER_SETTINGS}); a URL that is not http or
 * https makes {@link #check} throw, which the engine reports and records as UNKNOWN.
 *
 * <p>Thread-safe: checks of many instances share the client.
 */
public final class HttpProbe extends OptInProbe {

    /** The probe's name, and the key of its section in a worker's {@code probes:}. */
    public static final String NAME = "http";

    /** The metric holding the time to the response headers, in milliseconds. */
    public static final String LATENCY_METRIC = "http_latency_ms";

    /** The metric holding the status code answered. */
    public static final String STATUS_METRIC = "http_status";

    /** The timeout used when neither the probe's nor the worker's section sets one. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Extra wait past the request timeout before giving up on the future ourselves: the
     * client's own timer normally fires first; this only bounds the wait if it does not.
     */
    private static final long GRACE_MILLIS = 250;

    /** The keys of a worker's section for this probe, checked when the config is built. */
    public static final SettingsSpec WORKER_SETTINGS = SettingsSpec.of(
            Setting.required("url", SettingType.TEXT, "the absolute http or https URL to GET"),
            Setting.optional("timeout", SettingType.DURATION,
                    "bounds the whole exchange; default: the probe-wide timeout (5 s)").atLeast(0.001),
            Setting.textList("expect_status", "status codes that count as healthy, each 100..599; default: any 2xx"),
            Setting.optional("enabled", SettingType.BOOLEAN,
                    "false switches the probe off, true on with defaults; default: on when the section has any key"));

    /** The keys of the probe's own {@code plugins.http} section. */
    public static final SettingsSpec SETTINGS = SettingsSpec.of(
            Setting.duration("timeout", DEFAULT_TIMEOUT,
                    "default timeout for workers, and the connect timeout of the shared client").atLeast(0.001));

    private final Object clientLock = new Object();
    private final Duration defaultTimeout;
    private HttpClient client; // guarded by clientLock; built on first use

    /** A probe with the default probe-wide timeout of 5 s. */
    public HttpProbe() {
        this(DEFAULT_TIMEOUT);
    }

    /**
     * @param defaultTimeout the timeout of workers that set none, and the connect timeout of the
     *     client shared by all checks; at least 1 ms
     * @throws IllegalArgumentException when the timeout is shorter than 1 ms
     */
    public HttpProbe(Duration defaultTimeout) {
        if (defaultTimeout.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("timeout: must be >= 1 ms but was " + DurationText.format(defaultTimeout));
        }
        this.defaultTimeout = defaultTimeout;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SettingsSpec workerSettings() {
        return WORKER_SETTINGS;
    }

    /**
     * @throws IllegalArgumentException when {@code url} is not an http or https URL with a host,
     *     or {@code expect_status} holds something other than status codes (the config check
     *     has already made sure the keys, types and timeout are right)
     * @throws InterruptedException when the calling thread is interrupted; the request is
     *     cancelled
     */
    @Override
    public HealthSignal check(ProbeContext context) throws InterruptedException {
        PluginSettings settings = context.workerSettings();
        Target target = Target.parse(settings);
        Duration timeout = settings.duration("timeout", defaultTimeout);
        Set<Integer> expected = expectedStatuses(settings);

        Instant at = context.time().now();
        long started = context.time().nanoTime();
        HttpRequest.Builder request = HttpRequest.newBuilder(target.uri()).timeout(timeout).GET();
        target.authorization().ifPresent(value -> request.header("Authorization", value));
        CompletableFuture<HttpResponse<InputStream>> pending =
                client().sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response;
        try {
            response = pending.get(timeout.toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return unresponsive(target.shown() + " gave no answer within " + ReasonText.duration(timeout), at);
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof HttpTimeoutException) {
                return unresponsive(target.shown() + " gave no answer within " + ReasonText.duration(timeout), at);
            }
            // A cause message may quote the URL it failed on: strip the secrets from it too.
            return unresponsive(target.shown() + " failed: " + target.redact(ReasonText.cause(cause)), at);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw e;
        }
        double latencyMs = (context.time().nanoTime() - started) / 1e6;
        discardBody(response);

        int status = response.statusCode();
        Map<String, Double> metrics = Map.of(LATENCY_METRIC, latencyMs, STATUS_METRIC, (double) status);
        boolean ok = expected.isEmpty() ? status >= 200 && status <= 299 : expected.contains(status);
        if (ok) {
            return HealthSignal.healthy(NAME, at).withMetrics(metrics);
        }
        String reason = target.shown() + " answered " + status + (expected.isEmpty() ? "" : " (expected " + joined(expected) + ")");
        return HealthSignal.problem(NAME, HealthStatus.CRITICAL, FailureKind.UNRESPONSIVE, reason, at).withMetrics(metrics);
    }

    /** Lets go of the shared client; its threads end once it is unreachable. */
    @Override
    public void close() {
        synchronized (clientLock) {
            client = null;
        }
    }

    private HttpClient client() {
        synchronized (clientLock) {
            if (client == null) {
                client = HttpClient.newBuilder()
                        .connectTimeout(defaultTimeout)
                        // A health check must reach the worker itself, never a proxy's idea of it.
                        .proxy(HttpClient.Builder.NO_PROXY)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        // HTTP/1.1 avoids an h2c upgrade attempt on plain http that some servers mishandle.
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
            }
            return client;
        }
    }

    private static HealthSignal unresponsive(String reason, Instant at) {
        return HealthSignal.problem(NAME, HealthStatus.CRITICAL, FailureKind.UNRESPONSIVE, reason, at);
    }

    private static void discardBody(HttpResponse<InputStream> response) {
        // Closing before reading cancels the body subscription: the status is all we judge.
        try {
            response.body().close();
        } catch (IOException e) {
            // Nothing to do: the verdict does not depend on the body.
        }
    }

    private static Set<Integer> expectedStatuses(PluginSettings settings) {
        Set<Integer> codes = new LinkedHashSet<>();
        for (String text : settings.strings("expect_status")) {
            int code;
            try {
                code = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                code = -1;
            }
            if (code < 100 || code > 599) {
                throw new IllegalArgumentException(ProbeSections.path(settings, "expect_status")
                        + ": must be status codes 100..599 but was '" + text + "'");
            }
            codes.add(code);
        }
        return Set.copyOf(codes);
    }

    private static String joined(Set<Integer> codes) {
        List<Integer> sorted = new ArrayList<>(codes);
        sorted.sort(null);
        StringBuilder text = new StringBuilder();
        for (Integer code : sorted) {
            text.append(text.length() == 0 ? "" : " or ").append(code);
        }
        return text.toString();
    }

    /**
     * The URL to call, how to show it, and the parts of it that must never be shown.
     *
     * @param uri the URL to request: without user-info, query kept
     * @param authorization the Basic authorization made from the URL's user-info, if it had one
     * @param shown {@code GET scheme://host[:port]/path}, for reasons
     * @param secrets user-info and query, raw and decoded, to strip from any other text
     */
    private record Target(URI uri, Optional<String> authorization, String shown, List<String> secrets) {

        static Target parse(PluginSettings settings) {
            String key = ProbeSections.path(settings, "url");
            String text = ProbeSections.required(settings, "url");
            URI uri;
            try {
                uri = new URI(text);
            } catch (URISyntaxException e) {
                // The message would quote the URL, secrets and all: say only what is wrong.
                throw new IllegalArgumentException(key + ": is not a valid URL (" + e.getReason()
                        + " at index " + e.getIndex() + ")", e);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException(key + ": must be an http or https URL but its scheme was '"
                        + scheme + "'");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException(key + ": must name a host");
            }
            String origin = scheme + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String shown = "GET " + origin + path;
            // The JDK client ignores user-info; send it the way curl and browsers do instead.
            URI request = URI.create(origin + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            Optional<String> authorization = Optional.ofNullable(uri.getUserInfo())
                    .map(info -> "Basic " + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)));
            List<String> secrets = new ArrayList<>();
            for (String part : new String[] {uri.getRawUserInfo(), uri.getUserInfo(), uri.getRawQuery(), uri.getQuery()}) {
                if (part != null && !part.isEmpty()) {
                    secrets.add(part);
                }
            }
            return new Target(request, authorization, shown, List.copyOf(secrets));
        }

        String redact(String text) {
            String out = text;
            for (String secret : secrets) {
                out = out.replace(secret, "***");
            }
            return out;
        }
    }


    /**
     * Makes the probe for the engine; found by {@link java.util.ServiceLoader}.
     * Stateless and thread-safe.
     */
    public static final class Provider implements HealthProbeProvider {

        /** Found by {@link java.util.ServiceLoader}. */
        public Provider() {
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public SettingsSpec settings() {
            return SETTINGS;
        }

        @Override
        public SettingsSpec workerSettings() {
            return WORKER_SETTINGS;
        }

        @Override
        public HealthProbe create(PluginContext context) {
            return new HttpProbe(ProbeSections.timeout(context.settings(), "timeout", DEFAULT_TIMEOUT));
        }
    }
}
