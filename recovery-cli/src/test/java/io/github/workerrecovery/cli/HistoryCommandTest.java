package io.github.workerrecovery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code history} shows why each action was chosen: compactly in the table, whole in {@code --json}. */
class HistoryCommandTest {

    @TempDir
    Path dir;

    private Path homeWithHistory() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve("data"));
        String at = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60).toString();
        String decision = "{\"policy\":\"learned\",\"chosen\":\"restart\",\"explored\":true,\"candidates\":["
                + "{\"action\":\"connection_reset\",\"attempts\":9,\"successes\":8,\"posterior_mean\":0.8181,\"sampled\":0.41,\"cost\":10},"
                + "{\"action\":\"graceful_restart\",\"attempts\":2,\"successes\":0,\"posterior_mean\":0.4,\"sampled\":0.2,\"cost\":30},"
                + "{\"action\":\"restart\",\"attempts\":1,\"successes\":0,\"posterior_mean\":0.3125,\"sampled\":0.97,\"cost\":40}]}";
        Files.write(home.resolve("data/recovery_history.jsonl"), List.of(
                "{\"worker\":\"w\",\"slot\":0,\"failure\":\"HIGH_ERROR_RATE\",\"action\":\"restart\",\"success\":true,"
                        + "\"detail\":\"started pid 7\",\"started_at\":\"" + at + "\",\"time_to_recover_ms\":1200,"
                        + "\"attempt\":1,\"manual\":false,\"pattern\":\"1f0c2ab4\",\"decision\":" + decision + "}",
                "{\"worker\":\"w\",\"slot\":0,\"failure\":\"HIGH_ERROR_RATE\",\"action\":\"restart\",\"success\":false,"
                        + "\"detail\":\"relapse: failed again 12 s after recovery by restart (probation 60 s): boom\","
                        + "\"started_at\":\"" + at + "\",\"time_to_recover_ms\":13200,"
                        + "\"attempt\":1,\"manual\":false,\"pattern\":\"1f0c2ab4\",\"decision\":" + decision + "}",
                "{\"worker\":\"w\",\"slot\":0,\"failure\":\"PROCESS_EXITED\",\"action\":\"restart\",\"success\":true,"
                        + "\"detail\":\"old line\",\"started_at\":\"" + at + "\",\"time_to_recover_ms\":5,"
                        + "\"attempt\":1,\"manual\":false}"));
        return home;
    }

    @Test
    void theTableShowsTheChoiceAndTheOddsOfEveryCandidate() throws Exception {
        Path home = homeWithHistory();

        Cli.Result history = Cli.run("history", "--home", home.toString());

        assertThat(history.exitCode()).isZero();
        List<String> lines = history.out().lines().toList();
        assertThat(lines.get(0)).contains("PATTERN", "DECISION", "DETAIL");
        assertThat(lines.get(1)).contains(" ok ",
                "restart (explored) | connection_reset 0.82 · graceful_restart 0.40 · restart 0.31  started pid 7");
        assertThat(lines.get(2)).contains(" relapse ", "relapse: failed again 12 s after recovery by restart");
        assertThat(lines.get(3)).contains("PROCESS_EXITED", " - ", "old line");
    }

    @Test
    void jsonHasTheWholeDecision() throws Exception {
        Path home = homeWithHistory();

        Cli.Result history = Cli.run("history", "--json", "--home", home.toString());

        assertThat(history.exitCode()).isZero();
        JsonNode array = new ObjectMapper().readTree(history.out());
        assertThat(array).hasSize(3);
        JsonNode d = array.get(0).get("decision");
        assertThat(d.get("policy").asText()).isEqualTo("learned");
        assertThat(d.get("explored").asBoolean()).isTrue();
        assertThat(d.get("candidates").get(0).get("action").asText()).isEqualTo("connection_reset");
        assertThat(d.get("candidates").get(0).get("posterior_mean").asDouble()).isEqualTo(0.8181);
        assertThat(d.get("candidates").get(2).get("sampled").asDouble()).isEqualTo(0.97);
        assertThat(array.get(0).get("instance").asText()).isEqualTo("w#0");
        assertThat(array.get(2).get("decision").isNull()).isTrue();
    }
}
