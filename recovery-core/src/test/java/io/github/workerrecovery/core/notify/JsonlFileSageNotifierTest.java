package io.github.workerrecovery.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.testkit.ManualClock;
import io.github.workerrecovery.testkit.TestPluginContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlFileSageNotifierTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path home;

    private final ManualClock clock = new ManualClock();
    private JsonlFileSageNotifier notifier;

    @AfterEach
    void closeNotifier() {
        if (notifier != null) {
            notifier.close();
        }
    }

    private static JsonlFileSageNotifier create(PluginContext context) throws IOException {
        return (JsonlFileSageNotifier) new JsonlFileSageNotifier.Provider().create(context);
    }

    private Path file() {
        return home.resolve("logs/incident_sage_alerts.jsonl");
    }

    private List<String> lines(Path path) throws IOException {
        return Files.readAllLines(path, StandardCharsets.UTF_8);
    }

    private List<String> messages(Path path) throws IOException {
        return lines(path).stream().map(l -> {
            try {
                return MAPPER.readTree(l).get("message").asText();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    @Test
    void anIncidentIsOneLineWithTheOriginalAlertFields() throws Exception {
        notifier = create(TestPluginContext.of(Map.of(), home, clock));

        notifier.deliver(SageEvents.incident("Worker simple_task_worker failed after 3 restart attempts"));

        List<String> lines = lines(file());
        assertThat(lines).hasSize(1);
        JsonNode json = MAPPER.readTree(lines.get(0));
        assertThat(json.get("source").asText()).isEqualTo("worker-auto-recovery");
        assertThat(json.get("message").asText()).isEqualTo("Worker simple_task_worker failed after 3 restart attempts");
        assertThat(json.get("severity").asText()).isEqualTo("critical");
        assertThat(json.get("timestamp").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(json.get("context").get("total_workers").asInt()).isEqualTo(3);
        assertThat(json.get("context").get("healthy_workers").asInt()).isEqualTo(2);
        assertThat(json.get("context").get("critical_workers").asInt()).isEqualTo(1);
        assertThat(json.get("kind").asText()).isEqualTo("incident");
        assertThat(json.get("worker").asText()).isEqualTo("simple_task_worker");
        assertThat(json.size()).isEqualTo(7);
    }

    @Test
    void byDefaultEverythingButTasksIsWritten() throws Exception {
        notifier = create(TestPluginContext.of(Map.of(), home, clock));

        notifier.deliver(SageEvents.incident("i"));
        notifier.deliver(SageEvents.task("t"));
        notifier.deliver(SageEvents.knowledge("k"));
        notifier.deliver(SageEvents.pattern("p"));

        assertThat(messages(file())).containsExactly("i", "k", "p");
    }

    @Test
    void kindsSelectWhatIsWritten() throws Exception {
        notifier = create(TestPluginContext.of(Map.of("kinds", List.of("task", "PATTERN")), home, clock));

        notifier.deliver(SageEvents.incident("i"));
        notifier.deliver(SageEvents.task("t"));
        notifier.deliver(SageEvents.knowledge("k"));
        notifier.deliver(SageEvents.pattern("p"));

        assertThat(messages(file())).containsExactly("t", "p");
    }

    @Test
    void anUnknownKindIsNamedWithItsPath() {
        TestPluginContext context = new TestPluginContext(
                PluginSettings.of("plugins.jsonl", Map.of("kinds", List.of("incident", "gossip"))), home, clock);

        assertThatThrownBy(() -> create(context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plugins.jsonl.kinds: must be a list of incident, knowledge, task or pattern but contained 'gossip'");
    }

    @Test
    void limitsBelowTheirRangeAreNamed() {
        TestPluginContext zeroBytes = new TestPluginContext(PluginSettings.of("plugins.jsonl", Map.of("max_bytes", 0)), home, clock);
        TestPluginContext negativeFiles = new TestPluginContext(PluginSettings.of("plugins.jsonl", Map.of("max_files", -1)), home, clock);

        assertThatThrownBy(() -> create(zeroBytes)).hasMessage("plugins.jsonl.max_bytes: must be >= 1 but was 0");
        assertThatThrownBy(() -> create(negativeFiles)).hasMessage("plugins.jsonl.max_files: must be >= 0 but was -1");
        // the declared settings say the same when the config is built, before create is reached
        List<String> problems = new ArrayList<>();
        JsonlFileSageNotifier.SETTINGS.check(zeroBytes.settings(), problems);
        JsonlFileSageNotifier.SETTINGS.check(negativeFiles.settings(), problems);
        assertThat(problems).containsExactly("plugins.jsonl.max_bytes: must be >= 1 but was 0",
                "plugins.jsonl.max_files: must be >= 0 but was -1");
    }

    @Test
    void rotationKeepsMaxFilesAndDropsTheOldest() throws Exception {
        // Same-length messages make every line the same size: two lines fill a file.
        int lineBytes = (SageEventJson.toJsonLine(SageEvents.incident("event 0")) + "\n").getBytes(StandardCharsets.UTF_8).length;
        notifier = create(TestPluginContext.of(Map.of("max_bytes", 2 * lineBytes, "max_files", 2), home, clock));

        for (int i = 0; i < 7; i++) {
            notifier.deliver(SageEvents.incident("event " + i));
        }

        assertThat(messages(file())).containsExactly("event 6");
        assertThat(messages(Path.of(file() + ".1"))).containsExactly("event 4", "event 5");
        assertThat(messages(Path.of(file() + ".2"))).containsExactly("event 2", "event 3");
        assertThat(Path.of(file() + ".3")).doesNotExist();
        assertThat(Files.size(file().resolveSibling("incident_sage_alerts.jsonl.1"))).isEqualTo(2L * lineBytes);
    }

    @Test
    void withNoBackupsAFullFileIsStartedAfresh() throws Exception {
        int lineBytes = (SageEventJson.toJsonLine(SageEvents.incident("event 0")) + "\n").getBytes(StandardCharsets.UTF_8).length;
        notifier = create(TestPluginContext.of(Map.of("max_bytes", lineBytes, "max_files", 0), home, clock));

        notifier.deliver(SageEvents.incident("event 0"));
        notifier.deliver(SageEvents.incident("event 1"));

        assertThat(messages(file())).containsExactly("event 1");
        assertThat(Path.of(file() + ".1")).doesNotExist();
    }

    @Test
    void aLineLongerThanMaxBytesStillGetsWrittenAlone() throws Exception {
        notifier = create(TestPluginContext.of(Map.of("max_bytes", 10, "max_files", 1), home, clock));

        notifier.deliver(SageEvents.incident("a"));
        notifier.deliver(SageEvents.incident("b"));

        assertThat(messages(file())).containsExactly("b");
        assertThat(messages(Path.of(file() + ".1"))).containsExactly("a");
    }

    @Test
    void aFileRemovedWhileOpenIsCreatedAgain() throws Exception {
        notifier = create(TestPluginContext.of(Map.of(), home, clock));
        notifier.deliver(SageEvents.incident("before"));

        Files.delete(file());
        notifier.deliver(SageEvents.incident("after"));

        assertThat(messages(file())).containsExactly("after");
    }

    @Test
    void readAlertsReturnsTheLatestIncidentsAndSkipsTheRest() throws Exception {
        notifier = create(TestPluginContext.of(Map.of("kinds", List.of("incident", "knowledge")), home, clock));
        notifier.deliver(SageEvents.incident("one"));
        notifier.deliver(SageEvents.knowledge("not an incident"));
        notifier.deliver(SageEvents.incident("two"));
        Files.writeString(file(), "{truncated\n\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        notifier.deliver(SageEvents.incident("three"));

        List<IncidentAlert> latest = JsonlFileSageNotifier.readAlerts(home, 2);
        List<IncidentAlert> all = JsonlFileSageNotifier.readAlerts(home, 100);

        assertThat(latest).containsExactly(SageEvents.incident("two"), SageEvents.incident("three"));
        assertThat(all).extracting(IncidentAlert::message).containsExactly("one", "two", "three");
        assertThat(JsonlFileSageNotifier.readAlerts(home, 0)).isEmpty();
    }

    @Test
    void readAlertsWithoutAFileIsEmpty(@TempDir Path empty) throws Exception {
        assertThat(JsonlFileSageNotifier.readAlerts(empty, 10)).isEmpty();
        assertThatThrownBy(() -> JsonlFileSageNotifier.readAlerts(empty, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be >= 0 but was -1");
    }
}
