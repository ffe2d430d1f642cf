package io.github.workerrecovery.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.StrategyStats;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The store's files and the export file, pinned byte for byte: the golden files were written by
 * the hand-mapped code these records replaced, so files on disk today are read and written alike.
 */
class StoreFormatsGoldenTest {

    @Test
    void historyLinesAreTheGoldenLinesAndReadBackEqual() throws IOException {
        String golden = golden("recovery_history.jsonl");
        StringBuilder written = new StringBuilder();
        GoldenRecords.history().forEach(o -> written.append(RecoveryOutcomeDto.toLine(o)).append('\n'));

        assertThat(written.toString()).isEqualTo(golden);
        assertThat(golden.lines().map(RecoveryOutcomeDto::readLine).toList()).isEqualTo(GoldenRecords.history());
    }

    @Test
    void theStrategiesFileIsTheGoldenFileAndReadsBackSorted() throws IOException {
        String golden = golden("recovery_strategies.json");

        assertThat(new String(StrategiesFileDto.write(GoldenRecords.strategies()), StandardCharsets.UTF_8)).isEqualTo(golden);
        List<StrategyStats> read = StrategiesFileDto.read(golden.getBytes(StandardCharsets.UTF_8));
        assertThat(read).containsExactlyInAnyOrderElementsOf(GoldenRecords.strategies());
        assertThat(read).extracting(s -> s.failure().name()).isSorted();
    }

    @Test
    void thePatternsFileIsTheGoldenFileAndReadsBack() throws IOException {
        String golden = golden("recovery_patterns.json");

        assertThat(new String(PatternsFileDto.write(GoldenRecords.patterns()), StandardCharsets.UTF_8)).isEqualTo(golden);
        assertThat(PatternsFileDto.read(golden.getBytes(StandardCharsets.UTF_8)))
                .containsExactly(GoldenRecords.patterns().get(1), GoldenRecords.patterns().get(0));
    }

    @Test
    void theExportFileIsTheGoldenFileAndReadsBack() throws IOException {
        String golden = golden("strategies_export.json");
        List<StrategyStats> entries = GoldenRecords.strategies().stream()
                .map(s -> s.isLocal() ? s.withOrigin(GoldenRecords.HOST) : s).toList();

        assertThat(new String(StrategyExportDto.write(GoldenRecords.HOST, GoldenRecords.AT, entries), StandardCharsets.UTF_8))
                .isEqualTo(golden);
        StrategyExportDto read = StrategyExportDto.read(golden.getBytes(StandardCharsets.UTF_8));
        assertThat(read.requireHost()).isEqualTo(GoldenRecords.HOST);
        assertThat(read.requireExportedAt()).isEqualTo(GoldenRecords.AT);
        assertThat(read.requireStrategies()).containsExactlyInAnyOrderElementsOf(entries);
    }

    @Test
    void theControlApiShowsAnOutcomeWithItsInstanceAndExplicitNulls() {
        RecoveryOutcome old = GoldenRecords.history().get(2);

        assertThat(RecoveryJson.toLine(InstanceOutcomeDto.of(old))).isEqualTo("{\"instance\":\"orders#0\",\"worker\":\"orders\","
                + "\"slot\":0,\"failure\":\"PROCESS_EXITED\",\"action\":\"restart\",\"success\":true,\"detail\":\"\","
                + "\"started_at\":\"2026-03-04T05:10:00Z\",\"time_to_recover_ms\":0,\"attempt\":3,\"manual\":false,"
                + "\"pattern\":null,\"decision\":null}");
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = StoreFormatsGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(Objects.requireNonNull(in, "golden/" + name).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
