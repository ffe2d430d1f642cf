package io.github.workerrecovery.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The guard on its own, with a hand-written exchange: the only way to see a request from a
 * non-loopback address, which the real server (bound to 127.0.0.1) never receives.
 */
class RequestGuardTest {

    private static final String TOKEN = "ab".repeat(32);

    private final RequestGuard guard = new RequestGuard(TOKEN);
    private final AtomicBoolean passed = new AtomicBoolean();

    @Test
    void aLoopbackRequestWithTheTokenPasses() throws Exception {
        FakeExchange exchange = new FakeExchange("127.0.0.1", "Bearer " + TOKEN);

        guard.doFilter(exchange, chain());

        assertThat(passed).isTrue();
        assertThat(exchange.status).isZero();
    }

    @Test
    void theSchemeIsCaseInsensitive() throws Exception {
        guard.doFilter(new FakeExchange("127.0.0.1", "bearer " + TOKEN), chain());

        assertThat(passed).isTrue();
    }

    @Test
    void aRequestFromAnotherAddressIsForbiddenEvenWithTheToken() throws Exception {
        FakeExchange exchange = new FakeExchange("192.0.2.7", "Bearer " + TOKEN);

        guard.doFilter(exchange, chain());

        assertThat(passed).isFalse();
        assertThat(exchange.status).isEqualTo(403);
        assertThat(exchange.body()).contains("loopback clients only");
    }

    @Test
    void noTokenAWrongTokenOrAnotherSchemeIsUnauthorised() throws Exception {
        for (String header : new String[] {null, "Bearer " + "ac".repeat(32), "Bearer " + TOKEN + "0", "Bearer ",
                "Basic " + TOKEN, TOKEN}) {
            FakeExchange exchange = new FakeExchange("127.0.0.1", header);

            guard.doFilter(exchange, chain());

            assertThat(passed).as(header).isFalse();
            assertThat(exchange.status).as(header).isEqualTo(401);
            assertThat(exchange.getResponseHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer");
            assertThat(exchange.body()).doesNotContain(TOKEN);
        }
    }

    private Filter.Chain chain() {
        return new Filter.Chain(List.of(), exchange -> passed.set(true));
    }

    /** Just enough of an exchange for the guard: address, headers, and a captured answer. */
    private static final class FakeExchange extends HttpExchange {
        private final InetSocketAddress remote;
        private final Headers requestHeaders = new Headers();
        private final Headers responseHeaders = new Headers();
        private final ByteArrayOutputStream responseBody = new ByteArrayOutputStream();
        int status;

        FakeExchange(String remoteAddress, String authorization) throws Exception {
            this.remote = new InetSocketAddress(InetAddress.getByName(remoteAddress), 40_000);
            if (authorization != null) {
                requestHeaders.add("Authorization", authorization);
            }
        }

        String body() {
            return responseBody.toString(StandardCharsets.UTF_8);
        }

        @Override
        public Headers getRequestHeaders() {
            return requestHeaders;
        }

        @Override
        public Headers getResponseHeaders() {
            return responseHeaders;
        }

        @Override
        public URI getRequestURI() {
            return URI.create("/status");
        }

        @Override
        public String getRequestMethod() {
            return "GET";
        }

        @Override
        public HttpContext getHttpContext() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }

        @Override
        public InputStream getRequestBody() {
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public OutputStream getResponseBody() {
            return responseBody;
        }

        @Override
        public void sendResponseHeaders(int code, long length) {
            this.status = code;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return remote;
        }

        @Override
        public int getResponseCode() {
            return status;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
        }

        @Override
        public String getProtocol() {
            return "HTTP/1.1";
        }

        @Override
        public Object getAttribute(String name) {
            return null;
        }

        @Override
        public void setAttribute(String name, Object value) {
        }

        @Override
        public void setStreams(InputStream i, OutputStream o) {
        }

        @Override
        public HttpPrincipal getPrincipal() {
            return null;
        }
    }
}
