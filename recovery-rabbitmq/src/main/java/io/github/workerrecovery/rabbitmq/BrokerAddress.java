package io.github.workerrecovery.rabbitmq;

import com.rabbitmq.client.ConnectionFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * An AMQP broker URI that knows how to keep its secret: {@link #toString()} and {@link #masked()}
 * replace the user info with {@code ***}, and {@link #scrub(String)} removes the password from any
 * text (for example an exception message) before it reaches a log line, a reason or an alert.
 * Immutable and thread-safe.
 */
final class BrokerAddress {

    /** The environment variable that names the broker when a section has no {@code uri}. */
    static final String URI_ENV = "RECOVERY_AMQP_URI";
    /** The broker used when neither the section nor the environment names one. */
    static final String DEFAULT_URI = "amqp://guest:guest@127.0.0.1:5672/%2f";

    private static final String MASK = "***";

    private final String uri;
    private final boolean tls;
    private final boolean explicitPort;
    private final String masked;
    private final List<String> secrets;

    private BrokerAddress(String uri, boolean tls, boolean explicitPort, String masked, List<String> secrets) {
        this.uri = uri;
        this.tls = tls;
        this.explicitPort = explicitPort;
        this.masked = masked;
        this.secrets = secrets;
    }

    /**
     * The broker of a provider: its {@code uri} setting, else {@code RECOVERY_AMQP_URI}, else
     * {@value #DEFAULT_URI}.
     *
     * @param configured the {@code uri} setting, when present
     * @param env the environment
     * @param where the setting's path, for error messages
     * @return the address
     * @throws IllegalArgumentException when the URI is not a usable AMQP URI; the message never
     *     quotes the URI, which may carry a password
     */
    static BrokerAddress resolve(java.util.Optional<String> configured, Map<String, String> env, String where) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return parse(configured.get().trim(), where);
        }
        String fromEnv = env.get(URI_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return parse(fromEnv.trim(), "environment variable " + URI_ENV);
        }
        return parse(DEFAULT_URI, "the default broker URI");
    }

    /**
     * @param uri an {@code amqp://} or {@code amqps://} URI
     * @param where where it came from, for error messages
     * @return the address
     * @throws IllegalArgumentException when it is not a usable AMQP URI (the message names
     *     {@code where} and the problem, never the URI)
     */
    static BrokerAddress parse(String uri, String where) {
        Objects.requireNonNull(uri, "uri");
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            // URISyntaxException's message quotes the input: give the reason and position only.
            throw new IllegalArgumentException(where + ": not a valid URI (" + e.getReason() + " at index "
                    + e.getIndex() + ")");
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("amqp") && !scheme.equals("amqps")) {
            throw new IllegalArgumentException(where + ": must be an amqp:// or amqps:// URI but the scheme was '"
                    + (parsed.getScheme() == null ? "" : parsed.getScheme()) + "'");
        }
        if (parsed.getHost() == null) {
            throw new IllegalArgumentException(where + ": an AMQP URI needs a host");
        }
        List<String> secrets = new ArrayList<>();
        String rawUserInfo = parsed.getRawUserInfo();
        if (rawUserInfo != null) {
            secrets.add(rawUserInfo);
            secrets.add(decode(rawUserInfo));
            int colon = rawUserInfo.indexOf(':');
            if (colon >= 0 && colon < rawUserInfo.length() - 1) {
                String rawPassword = rawUserInfo.substring(colon + 1);
                secrets.add(rawPassword);
                secrets.add(decode(rawPassword));
            }
        }
        // Longest first, so that a password inside the user info does not leave the rest behind.
        secrets.removeIf(String::isEmpty);
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        String shown = scheme + "://" + (rawUserInfo == null ? "" : MASK + "@") + hostAndPort(parsed)
                + (parsed.getRawPath() == null ? "" : parsed.getRawPath());
        BrokerAddress address = new BrokerAddress(scheme.equals("amqps") ? "amqps" + uri.substring(scheme.length()) : uri,
                scheme.equals("amqps"), parsed.getPort() != -1, shown, List.copyOf(secrets));
        address.newFactory(where);
        return address;
    }

    /**
     * A connection factory for this broker, with nothing else set. For {@code amqps://} the
     * broker's certificate and host name are verified against the JVM's default trust store
     * ({@code javax.net.ssl.trustStore}); the client's own default for such URIs trusts every
     * certificate, which would make TLS useless against an attacker in the middle.
     *
     * @param where where the URI came from, for error messages
     * @return a new factory
     * @throws IllegalArgumentException when the client refuses the URI
     */
    ConnectionFactory newFactory(String where) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            if (tls) {
                // the plain scheme keeps setUri from installing its trust-everything manager
                factory.setUri("amqp" + uri.substring("amqps".length()));
                if (!explicitPort) {
                    factory.setPort(ConnectionFactory.DEFAULT_AMQP_OVER_SSL_PORT);
                }
                factory.useSslProtocol(SSLContext.getDefault());
                factory.enableHostnameVerification();
            } else {
                factory.setUri(uri);
            }
        } catch (URISyntaxException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(where + ": the AMQP client refuses the URI " + masked + ": "
                    + scrub(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
        }
        return factory;
    }

    /** @return the URI with its user info replaced by {@code ***}, e.g. {@code amqp://***@127.0.0.1:5672/%2f} */
    String masked() {
        return masked;
    }

    /**
     * @param text any text, for example an exception message
     * @return the text with the URI's user info and password replaced by {@code ***}
     */
    String scrub(String text) {
        String out = text == null ? "" : text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }

    /** @return the masked URI: the only form of this address that may be shown */
    @Override
    public String toString() {
        return masked;
    }

    private static String hostAndPort(URI uri) {
        String host = uri.getHost();
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
                + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }
}
