package io.github.workerrecovery.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.core.WorkerAutoRecovery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's fleet page in a real browser (Debian's headless Chromium): with two real
 * engines sharing the local PostgreSQL through the {@code postgres} store, the Fleet tab is
 * offered and its page lists both hosts UP with their leases and workers, and the leader the
 * database names; a host that stops is shown LEFT without a reload. A single host with the
 * {@code json} store offers no Fleet tab. No dialog and no console error either way.
 */
class FleetBrowserTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private FleetHosts fleet;
    private TestEngine single;
    private RecoveryWebServer web;
    private HeadlessChromium browser;

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (web != null) {
            web.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (single != null) {
            single.close();
        }
    }

    @Test
    void theFleetPageListsBothHostsAndTheLeader() throws Exception {
        HeadlessChromium.binary();
        fleet = FleetHosts.in(dir);
        WorkerAutoRecovery hostA = fleet.start("host-a");
        WorkerAutoRecovery hostB = fleet.start("host-b");
        web = RecoveryWebServer.start(hostA, WebOptions.defaults().withToken(TestEngine.TOKEN));
        fleet.awaitUpAndLed(2);
        browser = HeadlessChromium.start(1100, 760);

        browser.navigate(web.url());
        await().atMost(PATIENCE).until(() -> !browser.evaluate("document.querySelector('#fleet-link').hidden").asBoolean());
        browser.evaluate("document.querySelector('#fleet-link').click(); true");

        await().atMost(PATIENCE).until(() -> browser.evaluate("[...document.querySelectorAll('#fleet-hosts tbody tr')]"
                + ".map(r => r.dataset.host + ' ' + r.dataset.state).join(', ')").asText().equals("host-a UP, host-b UP"));
        assertThat(browser.evaluate("document.querySelector('#view-fleet').hidden").asBoolean()).isFalse();
        String leader = fleet.leaderInDatabase();
        assertThat(browser.evaluate("document.querySelector('#fleet-leader').textContent").asText())
                .startsWith(leader + " (term ");
        assertThat(row("host-a")).startsWith("host-a").contains("this host").contains("sleeper-host-a \u00d71")
                .contains("host-a.example");
        assertThat(row("host-b")).contains("sleeper-host-b \u00d71").contains("host-b.example");
        assertThat(row(leader)).startsWith(leader + " (leader)");
        assertThat(browser.evaluate("document.querySelector('#fleet-summary').textContent").asText())
                .startsWith(FleetHosts.FLEET + ": 2 host(s), read by host-a at ");
        assertThat(browser.evaluate("document.querySelector('#fleet-outages').textContent").asText()).isEqualTo("none");
        Path shot = Path.of("target", "dashboard-fleet.png");
        Files.createDirectories(shot.getParent());
        browser.screenshot(shot);

        // host-b stops cleanly: the page, re-reading the fleet every 5 s, shows it LEFT
        hostB.close();
        await().atMost(PATIENCE).until(() -> browser.evaluate("(document.querySelector('#fleet-hosts tr[data-host=\"host-b\"]')"
                + " || {dataset: {}}).dataset.state").asText().equals("LEFT"));
        assertThat(row("host-b")).contains("lapsed");
        assertThat(browser.dialogs).isEmpty();
        assertThat(browser.errors).isEmpty();
    }

    @Test
    void aSingleHostOffersNoFleetTab() throws Exception {
        HeadlessChromium.binary();
        single = TestEngine.start(dir);
        single.awaitHealthy();
        browser = HeadlessChromium.start(1100, 760);

        browser.navigate(single.web.url());

        // the page asked the server and was told there is no fleet
        await().atMost(PATIENCE).until(() -> browser.evaluate("document.querySelector('#fleet-summary').textContent")
                .asText().equals("this host is not in fleet mode"));
        assertThat(browser.evaluate("document.querySelector('#fleet-link').hidden").asBoolean()).isTrue();
        assertThat(browser.evaluate("[...document.querySelectorAll('header nav a')].filter(a => !a.hidden)"
                + ".map(a => a.textContent).join(' ')").asText()).isEqualTo("Overview Incidents Strategies");
        assertThat(browser.evaluate("document.querySelectorAll('#instances tbody tr').length").asInt()).isEqualTo(2);
        assertThat(browser.dialogs).isEmpty();
        assertThat(browser.errors).isEmpty();
    }

    private String row(String host) throws Exception {
        return browser.evaluate("(document.querySelector('#fleet-hosts tr[data-host=\"" + host + "\"]') || {textContent: ''})"
                + ".textContent").asText();
    }
}
