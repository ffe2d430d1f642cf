package io.github.workerrecovery.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import io.github.workerrecovery.json.RecoveryJson;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login page's endpoints: {@code POST /api/v1/login} exchanges a token (in the body, never in
 * a URL) for a session cookie (HttpOnly, SameSite=Strict) and a CSRF cookie (SameSite=Strict,
 * readable by the page); {@code POST /api/v1/logout} ends the session (its CSRF token required);
 * {@code GET /api/v1/session} tells the page what it may do.
 */
final class LoginEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(LoginEndpoints.class);

    private final Tokens tokens;
    private final Sessions sessions;
    private final boolean tokenForReads;

    LoginEndpoints(Tokens tokens, Sessions sessions, boolean tokenForReads) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.tokenForReads = tokenForReads;
    }

    /** {@code {"token": "..."}} in, the cookies and {@code {"logged_in", "write"}} out. */
    Reply login(Request request) throws IOException {
        // a form of another site cannot send this type without a CORS preflight, which is never
        // granted: no one can log a browser in with their own token behind its back
        String type = request.header("Content-Type").orElse("");
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "a login needs Content-Type: application/json");
        }
        JsonNode body;
        try {
            body = RecoveryJson.mapper().readTree(request.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiException(400, "a login needs a JSON body {\"token\": \"...\"}");
        }
        if (body == null || !body.path("token").isTextual()) {
            throw new ApiException(400, "a login needs a JSON body {\"token\": \"...\"}");
        }
        Tokens.Grant grant = tokens.grant(body.path("token").asText());
        if (grant == Tokens.Grant.NONE) {
            LOG.warn("web: refused a login from {}: wrong token", request.exchange().getRemoteAddress());
            throw new ApiException(403, "forbidden: wrong token");
        }
        Sessions.Session session = sessions.open(grant == Tokens.Grant.WRITE);
        long maxAge = sessions.idle().toSeconds();
        Headers headers = request.exchange().getResponseHeaders();
        headers.add("Set-Cookie", Sessions.SESSION_COOKIE + "=" + session.id() + "; Path=/; Max-Age=" + maxAge
                + "; HttpOnly; SameSite=Strict");
        headers.add("Set-Cookie", Sessions.CSRF_COOKIE + "=" + session.csrf() + "; Path=/; Max-Age=" + maxAge
                + "; SameSite=Strict");
        LOG.info("web: {} session opened for {}", session.write() ? "a write" : "a read-only",
                request.exchange().getRemoteAddress());
        return Reply.json(200, state(Optional.of(session)));
    }

    /** Ends the session the cookie names (its CSRF token required) and clears both cookies. */
    Reply logout(Request request) {
        Optional<Sessions.Session> session = sessions.find(request.cookie(Sessions.SESSION_COOKIE).orElse(null));
        if (session.isPresent()) {
            if (!session.get().csrfMatches(request.header(Sessions.CSRF_HEADER).orElse(null))) {
                throw new ApiException(403, "forbidden: missing or wrong " + Sessions.CSRF_HEADER + " header");
            }
            sessions.close(session.get().id());
        }
        Headers headers = request.exchange().getResponseHeaders();
        headers.add("Set-Cookie", Sessions.SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
        headers.add("Set-Cookie", Sessions.CSRF_COOKIE + "=; Path=/; Max-Age=0; SameSite=Strict");
        return Reply.json(200, state(Optional.empty()));
    }

    /** What the caller's session allows, and whether reads need a login. */
    Reply session(Request request) {
        return Reply.json(200, state(sessions.find(request.cookie(Sessions.SESSION_COOKIE).orElse(null))));
    }

    private Map<String, Object> state(Optional<Sessions.Session> session) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("logged_in", session.isPresent());
        state.put("write", session.map(Sessions.Session::write).orElse(false));
        state.put("reads_need_login", tokenForReads);
        return state;
    }
}
