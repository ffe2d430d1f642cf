package io.github.workerrecovery.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The logins' bookkeeping under a clock the test moves: expiry after idle time, the cap, logout. */
class SessionsTest {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void aSessionLastsWhileUsedAndEndsAfterItsIdleTime() {
        Sessions sessions = new Sessions(Duration.ofMinutes(10), 10, clock);
        Sessions.Session s = sessions.open(true);

        now = now.plus(Duration.ofMinutes(9));
        assertThat(sessions.find(s.id())).isPresent();
        now = now.plus(Duration.ofMinutes(9));
        assertThat(sessions.find(s.id())).as("used 9 min ago").isPresent();
        now = now.plus(Duration.ofMinutes(11));
        assertThat(sessions.find(s.id())).as("idle for 11 min").isEmpty();
    }

    @Test
    void idsAndCsrfTokensAreDistinct256BitValuesAndTheCsrfCheckIsExact() {
        Sessions sessions = new Sessions(Duration.ofMinutes(10), 10, clock);
        Sessions.Session a = sessions.open(true);
        Sessions.Session b = sessions.open(false);

        assertThat(a.id()).matches("[0-9a-f]{64}").isNotEqualTo(b.id()).isNotEqualTo(a.csrf());
        assertThat(a.csrf()).matches("[0-9a-f]{64}").isNotEqualTo(b.csrf());
        assertThat(a.write()).isTrue();
        assertThat(b.write()).isFalse();
        assertThat(a.csrfMatches(a.csrf())).isTrue();
        assertThat(a.csrfMatches(b.csrf())).isFalse();
        assertThat(a.csrfMatches(null)).isFalse();
        assertThat(a.csrfMatches("")).isFalse();
        assertThat(sessions.find(null)).isEmpty();
        assertThat(sessions.find(a.csrf())).as("a CSRF token is not a session id").isEmpty();
    }

    @Test
    void beyondTheCapTheLeastRecentlyUsedGoesAndLogoutEndsOne() {
        Sessions sessions = new Sessions(Duration.ofHours(1), 2, clock);
        Sessions.Session first = sessions.open(true);
        now = now.plusSeconds(1);
        Sessions.Session second = sessions.open(true);
        now = now.plusSeconds(1);
        sessions.find(first.id());
        now = now.plusSeconds(1);

        Sessions.Session third = sessions.open(true);

        assertThat(sessions.find(second.id())).as("least recently used").isEmpty();
        assertThat(sessions.find(first.id())).isPresent();
        assertThat(sessions.find(third.id())).isPresent();
        sessions.close(first.id());
        assertThat(sessions.find(first.id())).isEmpty();
    }
}
