package io.github.workerrecovery.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser (Debian's headless Chromium) against a real engine supervising
 * real processes: a worker killed from the test goes RECOVERING and back to HEALTHY on the page
 * without a reload, its incident with the decision appears in the timeline, a manual recovery
 * runs from the page, and a worker's hostile stderr is shown as text, with no dialog and no
 * console error. The manual recovery needs a login through the login page, as a user would.
 * Prints the event-to-screen latency it measured.
 */
class DashboardBrowserTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private TestEngine engine;
    private HeadlessChromium browser;

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aKilledWorkerIsSeenRecoveringAndHealthyAgainLiveAndItsIncidentIsOnTheTimeline() throws Exception {
        HeadlessChromium.binary();
        engine = TestEngine.startWithCrasher(dir, WebOptions.defaults().withToken(TestEngine.TOKEN)
                .withSampleInterval(Duration.ofMillis(200)));
        engine.awaitHealthy();
        browser = HeadlessChromium.start(1100, 760);

        browser.navigate(engine.web.url());

        await().atMost(PATIENCE).until(() -> state("sleeper#0").equals("HEALTHY"));
        assertThat(browser.evaluate("document.querySelectorAll('#instances tbody tr').length").asInt()).isEqualTo(3);
        assertThat(browser.evaluate("document.querySelector('#live').textContent").asText()).isEqualTo("live");
        // every state the row shows from now on, in order, after the HEALTHY it shows now (a status
        // refresh may rewrite the attribute with the same value: that is not a new state)
        browser.evaluate("""
                window.seen = ['HEALTHY'];
                new MutationObserver(() => {
                  const s = document.querySelector('tr[data-instance="sleeper#0"]').getAttribute('data-state');
                  if (window.seen[window.seen.length - 1] !== s) window.seen.push(s);
                }).observe(document.querySelector('tr[data-instance="sleeper#0"]'), {attributes: true});
                true""");
        long before = engine.recovery.events().lastSequence();
        long pid = engine.instance("sleeper").pid().getAsLong();

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        await().atMost(PATIENCE).until(() -> browser.evaluate("window.seen.join(' ')").asText().endsWith("RECOVERING HEALTHY"));
        assertThat(browser.evaluate("window.seen.join(' ')").asText()).matches("HEALTHY DEAD RECOVERING HEALTHY|HEALTHY RECOVERING HEALTHY");
        String pidCell = browser.evaluate("document.querySelector('tr[data-instance=\"sleeper#0\"] .pid').textContent").asText();
        await().atMost(PATIENCE).until(() -> !browser.evaluate(
                "document.querySelector('tr[data-instance=\"sleeper#0\"] .pid').textContent").asText().equals(Long.toString(pid)));
        assertThat(pidCell).isNotEmpty();
        assertThat(browser.evaluate("location.href").asText()).isEqualTo(engine.web.url().toString());

        browser.navigate(engine.web.url().resolve("/#/timeline"));
        await().atMost(PATIENCE).until(() -> incidentText("sleeper#0").contains("verified: healthy"));
        String incident = incidentText("sleeper#0");
        assertThat(incident).contains("PROCESS_EXITED").contains("decided restart (learned, attempt 1/")
                .contains("exploited").contains("ran restart").contains("restart completed in");
        assertThat(browser.evaluate("document.querySelectorAll('li.incident[data-instance=\"sleeper#0\"] table tr.chosen').length")
                .asInt()).isEqualTo(1);

        JsonNode latencies = browser.evaluate("recoveryDashboard.latencies.filter(l => l.sequence > " + before
                + ").map(l => l.ms)");
        assertThat(latencies.size()).isPositive();
        long worst = 0;
        for (JsonNode l : latencies) {
            worst = Math.max(worst, l.asLong());
        }
        System.out.println("event-to-screen latency after a kill: " + latencies.size() + " events, max " + worst
                + " ms, all " + latencies);
        assertThat(browser.dialogs).isEmpty();
        assertThat(browser.errors).isEmpty();
    }

    @Test
    void aManualRecoveryRunsFromThePageAndHostileStderrIsShownAsText() throws Exception {
        HeadlessChromium.binary();
        engine = TestEngine.startWithCrasher(dir, WebOptions.defaults().withToken(TestEngine.TOKEN)
                .withSampleInterval(Duration.ofMillis(200)));
        engine.awaitHealthy();
        browser = HeadlessChromium.start(1100, 760);
        browser.navigate(engine.web.url().resolve("/#/instance/noisy/0"));

        await().atMost(PATIENCE).until(() -> browser.evaluate("document.querySelector('#stderr').textContent").asText()
                .contains("<script>alert(1)</script>"));
        assertThat(browser.evaluate("document.querySelector('#stderr').textContent").asText())
                .isEqualTo("<script>alert(1)</script><img src=x onerror=alert(2)>\nERROR worker started and complained");
        assertThat(browser.evaluate("document.querySelectorAll('main script, main img').length").asInt()).isZero();
        assertThat(browser.evaluate("document.querySelector('#recover-control').hidden").asBoolean()).isTrue();

        // the crasher's first death, with its hostile line in the reason, is in the timeline
        browser.navigate(engine.web.url().resolve("/#/timeline"));
        await().atMost(PATIENCE).until(() -> incidentText("crasher#0").contains("<img src=x onerror=alert(3)>"));
        assertThat(browser.evaluate("document.querySelectorAll('main img').length").asInt()).isZero();

        // the login page: a wrong token is refused there; the right one is exchanged for a session
        // cookie the page's scripts cannot read, and the dashboard then offers the control
        assertThat(browser.evaluate("document.querySelector('#who').textContent").asText()).isEqualTo("read-only view");
        browser.evaluate("document.querySelector('#login-link').click(); true");
        // the page changes under the script: an evaluation may meet the old one's end
        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.evaluate("location.pathname").asText().equals("/login")
                && browser.evaluate("document.readyState").asText().equals("complete"));
        submitLogin("wrong-token-0123456789");
        await().atMost(PATIENCE).until(() -> browser.evaluate("document.querySelector('#login-error').textContent").asText()
                .equals("refused: forbidden: wrong token"));
        submitLogin(TestEngine.TOKEN);
        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.evaluate("location.pathname").asText().equals("/")
                && browser.evaluate("(document.querySelector('#who') || {}).textContent === 'logged in: read and write'").asBoolean());
        assertThat(browser.evaluate("location.href").asText()).isEqualTo(engine.web.url().toString());
        assertThat(browser.evaluate("document.cookie").asText()).startsWith("recovery_csrf=").doesNotContain("recovery_session");
        browser.navigate(engine.web.url().resolve("/#/instance/sleeper/0"));
        await().atMost(PATIENCE).until(() -> !browser.evaluate("document.querySelector('#recover-control').hidden").asBoolean());
        long pid = engine.instance("sleeper").pid().getAsLong();

        browser.evaluate("document.querySelector('#recover-action').value = 'restart'; "
                + "document.querySelector('#recover-run').click(); true");

        await().atMost(PATIENCE).until(() -> browser.evaluate("document.querySelector('#recover-result').textContent")
                .asText().startsWith("done: "));
        assertThat(browser.evaluate("document.querySelector('#recover-result').textContent").asText())
                .matches("done: healthy after \\d+ ms");
        assertThat(engine.instance("sleeper").pid().getAsLong()).isNotEqualTo(pid);
        assertThat(engine.recovery.history(io.github.workerrecovery.api.HistoryQuery.latest(10)))
                .anyMatch(o -> o.manual() && o.instance().toString().equals("sleeper#0") && o.success());
        browser.navigate(engine.web.url().resolve("/#/timeline"));
        await().atMost(PATIENCE).until(() -> incidentText("sleeper#0").contains("ran restart (manual)"));

        browser.navigate(engine.web.url().resolve("/#/strategies"));
        await().atMost(PATIENCE).until(() -> browser.evaluate("document.querySelectorAll('#patterns tbody tr').length").asInt() == 1);
        assertThat(browser.evaluate("document.querySelector('#strategies').textContent").asText()).contains("restart (preferred)");

        browser.navigate(engine.web.url());
        await().atMost(PATIENCE).until(() -> state("sleeper#0").equals("HEALTHY") && state("crasher#0").equals("HEALTHY"));
        Path shot = Path.of("target", "dashboard.png");
        Files.createDirectories(shot.getParent());
        browser.screenshot(shot);
        assertThat(Files.size(shot)).isPositive();
        assertThat(browser.dialogs).isEmpty();
        // the one error: the browser's own log line for the wrong token's 403 on the login page, asked for above
        assertThat(browser.errors).containsExactly(
                "log: Failed to load resource: the server responded with a status of 403 (Forbidden)");
    }

    private void submitLogin(String token) throws Exception {
        browser.evaluate("document.querySelector('#token').value = " + TestEngine.JSON.writeValueAsString(token)
                + "; document.querySelector('#login-form button').click(); true");
    }

    private String state(String instance) throws Exception {
        JsonNode s = browser.evaluate("(document.querySelector('tr[data-instance=\"" + instance
                + "\"]') || {getAttribute: () => ''}).getAttribute('data-state')");
        return s.isNull() ? "" : s.asText();
    }

    private String incidentText(String instance) throws Exception {
        return browser.evaluate("(document.querySelector('li.incident[data-instance=\"" + instance
                + "\"]') || {textContent: ''}).textContent").asText();
    }
}
