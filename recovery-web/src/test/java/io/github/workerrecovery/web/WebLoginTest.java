package io.github.workerrecovery.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login of the dashboard over real HTTP against a real engine: a token exchanged for an
 * HttpOnly, SameSite=Strict session cookie and a CSRF cookie; a write with the session but
 * without its CSRF token refused, with it run; anonymous writes refused; a read-only token's
 * session reads and may not write; logout ends the session.
 */
class WebLoginTest {

    private static final String READ_TOKEN = "read-only-token-0123456789";
    private static final Pattern SESSION_COOKIE = Pattern.compile(
            "recovery_session=([0-9a-f]{64}); Path=/; Max-Age=43200; HttpOnly; SameSite=Strict");
    private static final Pattern CSRF_COOKIE = Pattern.compile("recovery_csrf=([0-9a-f]{64}); Path=/; Max-Age=43200; SameSite=Strict");
    private static final String RESTART = "{\"worker\":\"sleeper\",\"action\":\"restart\"}";

    @TempDir
    Path dir;

    private TestEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aLoginSetsAnHttpOnlySameSiteStrictCookieAndItsWritesNeedTheCsrfToken() throws Exception {
        engine = TestEngine.start(dir, WebOptions.defaults().withToken(TestEngine.TOKEN));
        engine.awaitHealthy();

        HttpResponse<String> login = login(TestEngine.TOKEN);

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).isEqualTo("{\"logged_in\":true,\"write\":true,\"reads_need_login\":false}\n");
        List<String> cookies = login.headers().allValues("Set-Cookie");
        assertThat(cookies).hasSize(2);
        String session = match(SESSION_COOKIE, cookies.get(0));
        String csrf = match(CSRF_COOKIE, cookies.get(1));
        assertThat(session).isNotEqualTo(csrf).doesNotContain(TestEngine.TOKEN);
        String cookie = "recovery_session=" + session + "; recovery_csrf=" + csrf;

        HttpResponse<String> anonymous = engine.post("/api/v1/recover", RESTART, Map.of());
        HttpResponse<String> noCsrf = engine.post("/api/v1/recover", RESTART, Map.of("Cookie", cookie));
        HttpResponse<String> wrongCsrf = engine.post("/api/v1/recover", RESTART, Map.of("Cookie", cookie,
                "X-CSRF-Token", "0".repeat(64)));
        HttpResponse<String> otherSession = engine.post("/api/v1/recover", RESTART, Map.of(
                "Cookie", "recovery_session=" + "1".repeat(64), "X-CSRF-Token", csrf));

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).isEqualTo(
                "{\"error\":\"unauthorized: a write needs 'Authorization: Bearer <token>' or a login at /login\"}\n");
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(noCsrf.body()).isEqualTo("{\"error\":\"forbidden: missing or wrong X-CSRF-Token header\"}\n");
        assertThat(wrongCsrf.statusCode()).isEqualTo(403);
        assertThat(wrongCsrf.body()).isEqualTo("{\"error\":\"forbidden: missing or wrong X-CSRF-Token header\"}\n");
        assertThat(otherSession.statusCode()).isEqualTo(401);
        assertThat(engine.recovery.getSystemStatus().totalRecoveries()).isZero();

        long pid = engine.instance("sleeper").pid().getAsLong();
        HttpResponse<String> done = engine.post("/api/v1/recover", RESTART, Map.of("Cookie", cookie, "X-CSRF-Token", csrf));

        assertThat(done.statusCode()).isEqualTo(200);
        JsonNode outcome = TestEngine.tree(done.body()).path("outcome");
        assertThat(outcome.path("manual").asBoolean()).isTrue();
        assertThat(outcome.path("success").asBoolean()).isTrue();
        assertThat(engine.instance("sleeper").pid().getAsLong()).isNotEqualTo(pid);
        assertThat(get("/api/v1/session", Map.of("Cookie", cookie)).body())
                .isEqualTo("{\"logged_in\":true,\"write\":true,\"reads_need_login\":false}\n");
        assertThat(engine.get("/api/v1/session").body())
                .isEqualTo("{\"logged_in\":false,\"write\":false,\"reads_need_login\":false}\n");

        // logging out is a state change too: it needs the CSRF token
        HttpResponse<String> logoutNoCsrf = engine.post("/api/v1/logout", "", Map.of("Cookie", cookie));
        HttpResponse<String> logout = engine.post("/api/v1/logout", "", Map.of("Cookie", cookie, "X-CSRF-Token", csrf));
        HttpResponse<String> afterLogout = engine.post("/api/v1/recover", RESTART, Map.of("Cookie", cookie, "X-CSRF-Token", csrf));

        assertThat(logoutNoCsrf.statusCode()).isEqualTo(403);
        assertThat(logout.statusCode()).isEqualTo(200);
        assertThat(logout.headers().allValues("Set-Cookie")).containsExactly(
                "recovery_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict",
                "recovery_csrf=; Path=/; Max-Age=0; SameSite=Strict");
        assertThat(afterLogout.statusCode()).isEqualTo(401);
        assertThat(engine.recovery.getSystemStatus().totalRecoveries()).isEqualTo(1);
    }

    @Test
    void aWrongTokenOrAFormPostGetsNoSessionAndBearerClientsNeedNoCsrfToken() throws Exception {
        engine = TestEngine.start(dir, WebOptions.defaults().withToken(TestEngine.TOKEN));

        HttpResponse<String> wrong = login("not-the-token-0123456789");
        HttpResponse<String> form = engine.http.send(HttpRequest.newBuilder(engine.uri("/api/v1/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + TestEngine.TOKEN)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> noToken = engine.post("/api/v1/login", "{}", Map.of());
        HttpResponse<String> page = engine.get("/login");
        HttpResponse<String> bearer = engine.post("/api/v1/auth", "", Map.of("Authorization", "Bearer " + TestEngine.TOKEN));

        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).isEqualTo("{\"error\":\"forbidden: wrong token\"}\n");
        assertThat(wrong.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(form.body()).isEqualTo("{\"error\":\"a login needs Content-Type: application/json\"}\n");
        assertThat(form.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(noToken.statusCode()).isEqualTo(400);
        assertThat(noToken.body()).isEqualTo("{\"error\":\"a login needs a JSON body {\\\"token\\\": \\\"...\\\"}\"}\n");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script src=\"/ui/login.js\" defer></script>", "id=\"login-form\"")
                .doesNotContain("http://", "https://", "onclick", "style=");
        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(bearer.body()).isEqualTo("{\"write\":true}\n");
    }

    @Test
    void theReadTokenLogsInToAReadOnlySessionWhenReadsNeedALogin() throws Exception {
        engine = TestEngine.start(dir, WebOptions.defaults().withToken(TestEngine.TOKEN).withReadToken(READ_TOKEN)
                .withTokenForReads(true));
        engine.awaitHealthy();

        HttpResponse<String> anonymousRead = engine.get("/api/v1/status");
        HttpResponse<String> page = engine.get("/");
        HttpResponse<String> login = login(READ_TOKEN);
        List<String> cookies = login.headers().allValues("Set-Cookie");
        String session = match(SESSION_COOKIE, cookies.get(0));
        String csrf = match(CSRF_COOKIE, cookies.get(1));
        Map<String, String> withSession = new HashMap<>(Map.of("Cookie", "recovery_session=" + session));
        HttpResponse<String> read = get("/api/v1/status", withSession);
        withSession.put("X-CSRF-Token", csrf);
        HttpResponse<String> write = engine.post("/api/v1/recover", RESTART, withSession);
        HttpResponse<String> bearerRead = get("/api/v1/status", Map.of("Authorization", "Bearer " + READ_TOKEN));
        HttpResponse<String> bearerWrite = engine.post("/api/v1/recover", RESTART, Map.of("Authorization", "Bearer " + READ_TOKEN));

        assertThat(anonymousRead.statusCode()).isEqualTo(401);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(login.body()).isEqualTo("{\"logged_in\":true,\"write\":false,\"reads_need_login\":true}\n");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(TestEngine.tree(read.body()).path("instances").size()).isEqualTo(2);
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(write.body()).isEqualTo("{\"error\":\"forbidden: this session may only read\"}\n");
        assertThat(bearerRead.statusCode()).isEqualTo(200);
        assertThat(bearerWrite.statusCode()).isEqualTo(403);
        assertThat(bearerWrite.body()).isEqualTo("{\"error\":\"forbidden: the token allows reads only\"}\n");
        assertThat(engine.recovery.getSystemStatus().totalRecoveries()).isZero();
    }

    private HttpResponse<String> login(String token) throws Exception {
        return engine.post("/api/v1/login", TestEngine.JSON.createObjectNode().put("token", token).toString(), Map.of());
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(engine.uri(path)).GET();
        headers.forEach(b::header);
        return engine.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String match(Pattern pattern, String cookie) {
        Matcher m = pattern.matcher(cookie);
        assertThat(m.matches()).as("cookie %s matches %s", cookie, pattern).isTrue();
        return m.group(1);
    }
}
