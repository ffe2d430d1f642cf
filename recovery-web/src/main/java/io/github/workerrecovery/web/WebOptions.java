package io.github.workerrecovery.web;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How a {@link RecoveryWebServer} listens and what it asks of clients. Immutable; start from
 * {@link #defaults()} and change what you need:
 *
 * <pre>{@code
 * WebOptions options = WebOptions.defaults().withPort(8089).withToken(System.getenv("RECOVERY_TOKEN"));
 * }</pre>
 *
 * @param bindAddress the address to listen on; 127.0.0.1 by default, so that only this host
 *     can connect
 * @param port the port, 0 for one the system picks
 * @param token the token writes need ({@code Authorization: Bearer <token>}, or exchanged for a
 *     write session on the login page); empty for a fresh random 256-bit one, readable from
 *     {@link RecoveryWebServer#token()}
 * @param readToken a token that allows reads only (as a bearer token, or exchanged for a
 *     read-only session on the login page); empty for none
 * @param tokenForReads whether reads need a token (or a login) too (off by default: on loopback, reading
 *     the status is what every local user can do with {@code ps} anyway); turn it on before
 *     binding to another address
 * @param metrics the Prometheus text {@code /metrics} answers (e.g. a Micrometer Prometheus
 *     registry's {@code scrape}); empty for the built-in figures of the status
 * @param sampleInterval time between resource samples for the instance charts (the last hour is
 *     kept), {@code >= 10 ms}
 * @param maxEventStreams event streams open at once, at most ({@code >= 1}); each holds a thread
 * @param maxBodyBytes the largest request body accepted ({@code >= 1}); larger is a 413
 * @param heartbeat time between keep-alive comments on an idle event stream, {@code > 0}
 */
public record WebOptions(InetAddress bindAddress, int port, Optional<String> token, Optional<String> readToken,
                         boolean tokenForReads,
                         Optional<Supplier<String>> metrics, Duration sampleInterval, int maxEventStreams,
                         int maxBodyBytes, Duration heartbeat) {

    /** Request bodies accepted by default: a manual recovery request is a few dozen bytes. */
    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;

    /** Event streams open at once by default. */
    public static final int DEFAULT_MAX_EVENT_STREAMS = 32;

    /** Checks every value; a token must be 16 to 256 printable ASCII characters without spaces. */
    public WebOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(readToken, "readToken");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(sampleInterval, "sampleInterval");
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535 but was " + port);
        }
        if (token.isPresent() && !token.get().matches("[!-~]{16,256}")) {
            throw new IllegalArgumentException("token must be 16 to 256 printable ASCII characters without spaces");
        }
        if (readToken.isPresent() && !readToken.get().matches("[!-~]{16,256}")) {
            throw new IllegalArgumentException("readToken must be 16 to 256 printable ASCII characters without spaces");
        }
        if (readToken.isPresent() && readToken.equals(token)) {
            throw new IllegalArgumentException("readToken must differ from the write token");
        }
        if (sampleInterval.toMillis() < 10) {
            throw new IllegalArgumentException("sampleInterval must be >= 10 ms but was " + sampleInterval);
        }
        if (maxEventStreams < 1) {
            throw new IllegalArgumentException("maxEventStreams must be >= 1 but was " + maxEventStreams);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 1 but was " + maxBodyBytes);
        }
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("heartbeat must be > 0 but was " + heartbeat);
        }
    }

    /**
     * @return 127.0.0.1, a port the system picks, a random token for writes, reads open, the
     *     built-in metrics, a sample every 10 s, 32 event streams, 16 KiB bodies, a heartbeat every 15 s
     */
    public static WebOptions defaults() {
        return new WebOptions(InetAddress.getLoopbackAddress(), 0, Optional.empty(), Optional.empty(), false, Optional.empty(),
                Duration.ofSeconds(10), DEFAULT_MAX_EVENT_STREAMS, DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(15));
    }

    /**
     * @param value the address to listen on
     * @return a copy with it
     */
    public WebOptions withBindAddress(InetAddress value) {
        return new WebOptions(value, port, token, readToken, tokenForReads, metrics, sampleInterval, maxEventStreams, maxBodyBytes,
                heartbeat);
    }

    /**
     * @param value the port, 0 for one the system picks
     * @return a copy with it
     */
    public WebOptions withPort(int value) {
        return new WebOptions(bindAddress, value, token, readToken, tokenForReads, metrics, sampleInterval, maxEventStreams,
                maxBodyBytes, heartbeat);
    }

    /**
     * @param value the token writes need
     * @return a copy with it
     */
    public WebOptions withToken(String value) {
        return new WebOptions(bindAddress, port, Optional.of(value), readToken, tokenForReads, metrics, sampleInterval,
                maxEventStreams, maxBodyBytes, heartbeat);
    }

    /**
     * @param value a token that allows reads only, different from the write token
     * @return a copy with it
     */
    public WebOptions withReadToken(String value) {
        return new WebOptions(bindAddress, port, token, Optional.of(value), tokenForReads, metrics, sampleInterval,
                maxEventStreams, maxBodyBytes, heartbeat);
    }

    /**
     * @param value whether reads need the token too
     * @return a copy with it
     */
    public WebOptions withTokenForReads(boolean value) {
        return new WebOptions(bindAddress, port, token, readToken, value, metrics, sampleInterval, maxEventStreams, maxBodyBytes,
                heartbeat);
    }

    /**
     * @param value the Prometheus text {@code /metrics} answers, asked at every scrape
     * @return a copy with it
     */
    public WebOptions withMetrics(Supplier<String> value) {
        return new WebOptions(bindAddress, port, token, readToken, tokenForReads, Optional.of(value), sampleInterval,
                maxEventStreams, maxBodyBytes, heartbeat);
    }

    /**
     * @param value time between resource samples
     * @return a copy with it
     */
    public WebOptions withSampleInterval(Duration value) {
        return new WebOptions(bindAddress, port, token, readToken, tokenForReads, metrics, value, maxEventStreams, maxBodyBytes,
                heartbeat);
    }

    /**
     * @param value event streams open at once, at most
     * @return a copy with it
     */
    public WebOptions withMaxEventStreams(int value) {
        return new WebOptions(bindAddress, port, token, readToken, tokenForReads, metrics, sampleInterval, value, maxBodyBytes,
                heartbeat);
    }

    /**
     * @param value the largest request body accepted
     * @return a copy with it
     */
    public WebOptions withMaxBodyBytes(int value) {
        return new WebOptions(bindAddress, port, token, readToken, tokenForReads, metrics, sampleInterval, maxEventStreams, value,
                heartbeat);
    }

    /**
     * @param value time between keep-alive comments on an idle event stream
     * @return a copy with it
     */
    public WebOptions withHeartbeat(Duration value) {
        return new WebOptions(bindAddress, port, token, readToken, tokenForReads, metrics, sampleInterval, maxEventStreams,
                maxBodyBytes, value);
    }
}
