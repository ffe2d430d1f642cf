package io.github.workerrecovery.core.notify;

import io.github.workerrecovery.api.DurationText;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.SageEvent;
import io.github.workerrecovery.api.SageEventKind;
import io.github.workerrecovery.api.SageNotifier;
import io.github.workerrecovery.api.SageNotifierProvider;
import io.github.workerrecovery.api.Setting;
import io.github.workerrecovery.api.SettingType;
import io.github.workerrecovery.api.SettingsSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code webhook} notifier: POSTs each event's JSON (see {@link SageEventJson}) to a URL,
 * with {@code Content-Type: application/json}, retrying with a doubling back-off.
 *
 * <p>Settings (section {@code plugins.webhook}):
 * <ul>
 *   <li>{@code url} — required, {@code http} or {@code https}. User info in it
 *       ({@code https://user:pass@host/...}) is sent as HTTP Basic authentication, unless an
 *       {@code Authorization} header is configured.</li>
 *   <li>{@code timeout} — connect and response timeout of each attempt; default 5s.</li>
 *   <li>{@code retries} — further attempts after a failed one, {@code >= 0}; default 3.</li>
 *   <li>{@code retry_backoff} — pause before the first retry, doubled for each next one;
 *       default 500ms.</li>
 *   <li>{@code kinds} — which events to send; default all four.</li>
 *   <li>{@code headers} — extra request headers, e.g. a token. Their values are never logged.</li>
 * </ul>
 *
 * <p>An answer other than 2xx, and any I/O error, fails the attempt. When the last attempt
 * fails, delivery throws an {@link IOException} naming the URL without its user info and query
 * (where tokens hide) and the last status. Interruption stops waiting and retrying at once.
 * Thread-safe.
 */
public final class WebhookSageNotifier implements SageNotifier {

    /** Default of {@code timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Default of {@code retries}. */
    public static final int DEFAULT_RETRIES = 3;
    /** Default of {@code retry_backoff}. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(500);

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSageNotifier.class);
    // Beyond 2^20 doublings the pause would be absurd anyway; the cap only avoids overflow.
    private static final int MAX_DOUBLINGS = 20;

    /** The notifier's name. */
    public static final String NAME = "webhook";

    /**
     * The keys of the notifier's {@code plugins.webhook} section. {@code headers} is the one
     * free-form section: header names cannot be known in advance.
     */
    public static final SettingsSpec SETTINGS = SettingsSpec.of(
            Setting.required("url", SettingType.TEXT, "the http or https URL to POST to"),
            Setting.duration("timeout", DEFAULT_TIMEOUT, "connect and response timeout of each attempt").atLeast(0.001),
            Setting.integer("retries", DEFAULT_RETRIES, "further attempts after a failed one").atLeast(0),
            Setting.duration("retry_backoff", DEFAULT_RETRY_BACKOFF, "pause before the first retry, doubled for each next one"),
            Setting.textList("kinds", "events to send: incident, knowledge, task, pattern; default all four"),
            Setting.section("headers", "extra request headers, names to values; values are never logged"));

    private final Target target;

    /** Everything the constructor decided. */
    private record Target(
            HttpClient client,
            URI uri,
            String redacted,
            Map<String, String> headers,
            Duration timeout,
            int retries,
            Duration backoff,
            Set<SageEventKind> kinds) {
    }

    /**
     * A notifier posting as its section says.
     *
     * @param settings the {@code plugins.webhook} section
     * @throws IllegalArgumentException when a setting is missing or invalid, naming its path
     *     (never quoting a header value or the URL's secrets)
     */
    public WebhookSageNotifier(PluginSettings settings) {
        String urlPath = SageEventJson.settingPath(settings, "url");
        String url = settings.string("url").filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalArgumentException(urlPath + ": is required (the http or https URL to POST to)"));
        URI given = parseUrl(urlPath, url.trim());

        Duration timeout = settings.duration("timeout", DEFAULT_TIMEOUT);
        if (timeout.isZero()) {
            throw new IllegalArgumentException(SageEventJson.settingPath(settings, "timeout") + ": must be > 0 but was "
                    + DurationText.format(timeout));
        }
        int retries = settings.integer("retries", DEFAULT_RETRIES);
        if (retries < 0) {
            throw new IllegalArgumentException(SageEventJson.settingPath(settings, "retries")
                    + ": must be >= 0 but was " + retries);
        }
        Duration backoff = settings.duration("retry_backoff", DEFAULT_RETRY_BACKOFF);
        Set<SageEventKind> kinds = SageEventJson.kinds(settings, EnumSet.allOf(SageEventKind.class));

        String headersPath = SageEventJson.settingPath(settings, "headers");
        Object rawHeaders = settings.asMap().get("headers");
        if (rawHeaders != null && !(rawHeaders instanceof Map<?, ?>)) {
            // Checked here because the generic error would quote the value, likely a token.
            throw new IllegalArgumentException(headersPath + ": must be an object of header names to values");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        settings.section("headers").asMap().forEach((k, v) -> headers.put(k, String.valueOf(v)));
        boolean hasAuthorization = headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("Authorization"));
        if (given.getUserInfo() != null && !hasAuthorization) {
            // The JDK client ignores user info in a URI; honour it the way curl does.
            headers.put("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(given.getUserInfo().getBytes(StandardCharsets.UTF_8)));
        }
        URI uri = withoutUserInfo(given);
        headers.forEach((name, value) -> {
            try {
                HttpRequest.newBuilder(uri).header(name, value);
            } catch (IllegalArgumentException e) {
                // The JDK's message may quote the value, which may be a token: do not pass it on.
                throw new IllegalArgumentException(headersPath + "." + name
                        + ": the header is restricted (Host, Connection, Content-Length, Expect, Upgrade)"
                        + " or its name or value is not valid HTTP");
            }
        });

        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                // A redirect would carry the Authorization header to wherever it points.
                .followRedirects(HttpClient.Redirect.NEVER)
                // HTTP/1.1 avoids the h2c upgrade dance on cleartext POSTs that some servers mishandle.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        String redacted = redact(uri);
        this.target = new Target(client, uri, redacted, Map.copyOf(headers), timeout, retries, backoff, kinds);
        LOG.debug("webhook notifier posts {} events to {} with headers {} (timeout {}, retries {}, back-off {})",
                kinds, redacted, headers.keySet(), DurationText.format(timeout), retries, DurationText.format(backoff));
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * POSTs the event when its kind is selected, retrying as configured.
     *
     * @throws IOException when every attempt failed; names the redacted URL and the last status
     * @throws InterruptedException when interrupted while sending or waiting to retry
     */
    @Override
    public void deliver(SageEvent event) throws IOException, InterruptedException {
        Target t = target;
        if (!t.kinds().contains(event.kind())) {
            return;
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(t.uri())
                .timeout(t.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SageEventJson.toJsonLine(event), StandardCharsets.UTF_8));
        t.headers().forEach(builder::setHeader);
        HttpRequest request = builder.build();

        int attempts = t.retries() + 1;
        String lastProblem = "no attempt";
        IOException lastError = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                Duration pause = t.backoff().multipliedBy(1L << Math.min(attempt - 2, MAX_DOUBLINGS));
                LOG.debug("webhook {}: attempt {}/{} failed ({}), retrying in {}",
                        t.redacted(), attempt - 1, attempts, lastProblem, DurationText.format(pause));
                // Plain sleep: it is interruptible, and this thread has nothing else to do.
                Thread.sleep(pause.toMillis());
            }
            try {
                HttpResponse<Void> response = t.client().send(request, HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return;
                }
                lastProblem = "HTTP " + status;
                lastError = null;
            } catch (IOException e) {
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                lastError = e;
            }
        }
        throw new IOException("webhook " + t.redacted() + " failed after " + attempts
                + (attempts == 1 ? " attempt: " : " attempts: ") + lastProblem, lastError);
    }

    private static URI parseUrl(String path, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // Report where the URL is broken but not the URL itself: it may carry a secret.
            throw new IllegalArgumentException(path + ": must be an http or https URL but is not a valid URI ("
                    + e.getReason() + " at index " + e.getIndex() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(path + ": must be an http or https URL but the scheme was '"
                    + (uri.getScheme() == null ? "" : uri.getScheme()) + "'");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(path + ": must be an http or https URL with a host but was '"
                    + redact(uri) + "'");
        }
        return uri;
    }

    private static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        // Rebuilt from the raw parts so that percent-encoding in path and query stays as given.
        return URI.create(uri.getScheme() + "://" + hostAndPort(uri)
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    /** The URL as logs may show it: no user info, no query, no fragment. */
    private static String redact(URI uri) {
        return uri.getScheme() + "://" + (uri.getHost() == null ? "?" : hostAndPort(uri))
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static String hostAndPort(URI uri) {
        return uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    /**
     * Makes the webhook notifier for the engine; found by {@link java.util.ServiceLoader}.
     * Stateless and thread-safe.
     */
    public static final class Provider implements SageNotifierProvider {

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
        public SageNotifier create(PluginContext context) {
            return new WebhookSageNotifier(context.settings());
        }
    }
}
