package io.github.workerrecovery.core.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation tool on a tiny hand-written system in the benchmark's layout (no benchmark data needed). */
class LoghubEvaluationTest {

    @TempDir
    Path dir;

    @Test
    void readsQuotedFieldsAndPairsEachMessageWithItsRawLine() throws IOException {
        Path system = Files.createDirectories(dir.resolve("HDFS"));
        Files.writeString(system.resolve("HDFS_2k.log_structured.csv"), String.join("\n",
                "LineId,Level,Content,EventId",
                "1,INFO,\"Disk full, \"\"retrying\"\"\",E1",
                "2,INFO,Worker 7 stopped,E2",
                "3,INFO,Worker 9 stopped,E2",
                ""));
        Files.writeString(system.resolve("HDFS_2k.log"), String.join("\n",
                "2026-11-29 10:00:01 INFO app - Disk full, \"retrying\"",
                "2026-11-29 10:00:02 INFO app - Worker 7 stopped",
                "2026-11-29 10:00:03 INFO app - Worker 9 stopped",
                ""));

        LoghubEvaluation.Sample sample = LoghubEvaluation.load(dir, "HDFS", Integer.MAX_VALUE);

        assertThat(sample.contents()).containsExactly("Disk full, \"retrying\"", "Worker 7 stopped", "Worker 9 stopped");
        assertThat(sample.events()).containsExactly("E1", "E2", "E2");
        assertThat(sample.rawLines()).hasSize(3);
        LoghubEvaluation.Result result = LoghubEvaluation.evaluate(sample);
        assertThat(result.gaContent()).isEqualTo(1.0);
        assertThat(result.gaRaw()).isEqualTo(1.0);
        assertThat(result.patternsContent()).isEqualTo(2);
        assertThat(LoghubEvaluation.load(dir, "HDFS", 2).events()).containsExactly("E1", "E2");
    }

    @Test
    void skipsAMissingSystemAndNamesAMissingColumn() throws IOException {
        assertThat(LoghubEvaluation.load(dir, "Mac", 10)).isNull();
        Path system = Files.createDirectories(dir.resolve("Mac"));
        Files.writeString(system.resolve("Mac_2k.log_structured.csv"), "LineId,Content\n1,x\n");
        Files.writeString(system.resolve("Mac_2k.log"), "x\n");
        assertThatThrownBy(() -> LoghubEvaluation.load(dir, "Mac", 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no column EventId");
    }

    @Test
    void printsTheMeanOverTheSystemsFound() {
        String table = LoghubEvaluation.table(List.of(
                new LoghubEvaluation.Result("A", 10, 2, 1.0, 0.5, 2, 3),
                new LoghubEvaluation.Result("B", 10, 2, 0.5, 0.5, 2, 2)));
        assertThat(table).contains("mean").contains("0.750").contains("0.500");
    }
}
