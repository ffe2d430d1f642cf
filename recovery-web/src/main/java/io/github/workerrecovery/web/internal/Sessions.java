package io.github.workerrecovery.web.internal;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's logins: a token exchanged on the login page for a random session id (kept by
 * the browser in an HttpOnly, SameSite=Strict cookie) and a random CSRF token (in a cookie the
 * page can read, sent back in the {@value #CSRF_HEADER} header of every write). Both are 256-bit
 * random values kept in memory only, so a restart logs everyone out. Sessions expire after a time
 * without use; the oldest go first when there are too many.
 */
public final class Sessions {

    /** The session cookie: HttpOnly, so no script (an injected one included) can read it. */
    public static final String SESSION_COOKIE = "recovery_session";
    /** The CSRF cookie: readable by the page, which echoes it in {@link #CSRF_HEADER}. */
    public static final String CSRF_COOKIE = "recovery_csrf";
    /** The header a write made with a session must carry, holding the session's CSRF token. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private static final int ID_BYTES = 32;

    /**
     * One login.
     *
     * @param id the session id (the cookie's value)
     * @param csrf the CSRF token writes must echo
     * @param write whether it may write (logged in with the write token) or only read
     * @param lastUsed when it was last presented
     */
    public record Session(String id, String csrf, boolean write, Instant lastUsed) {

        /**
         * @param presented the CSRF header's value, or null
         * @return whether it is this session's CSRF token (compared in constant time)
         */
        public boolean csrfMatches(String presented) {
            return presented != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.US_ASCII),
                    presented.strip().getBytes(StandardCharsets.US_ASCII));
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Duration idle;
    private final int max;
    private final Clock clock;

    /**
     * @param idle time without use after which a session ends
     * @param max sessions kept at most
     * @param clock the clock
     */
    public Sessions(Duration idle, int max, Clock clock) {
        this.idle = idle;
        this.max = max;
        this.clock = clock;
    }

    /** @return the idle time after which a session ends (the cookies' Max-Age) */
    public Duration idle() {
        return idle;
    }

    /**
     * @param write whether the session may write
     * @return a new session
     */
    public Session open(boolean write) {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> expired(s, now));
        while (sessions.size() >= max) {
            sessions.values().stream().min(Comparator.comparing(Session::lastUsed))
                    .ifPresent(oldest -> sessions.remove(oldest.id()));
        }
        Session session = new Session(newId(), newId(), write, now);
        sessions.put(session.id(), session);
        return session;
    }

    /**
     * @param id a session cookie's value, or null
     * @return its live session, its use recorded
     */
    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session found = sessions.computeIfPresent(id, (k, s) -> expired(s, now) ? null
                : new Session(s.id(), s.csrf(), s.write(), now));
        return Optional.ofNullable(found);
    }

    /**
     * @param id the session to end
     */
    public void close(String id) {
        sessions.remove(id);
    }

    private boolean expired(Session s, Instant now) {
        return s.lastUsed().plus(idle).isBefore(now);
    }

    private String newId() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
