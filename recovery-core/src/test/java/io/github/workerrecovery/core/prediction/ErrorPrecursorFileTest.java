package io.github.workerrecovery.core.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.PredictionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code data/error_precursors.json}: the counts behind the error-pattern precursors survive a
 * restart (read back equal; a restored finding foretells again and is not news again; counting goes
 * on from the saved counts); a corrupt file is set aside with one line naming the group and member.
 */
class ErrorPrecursorFileTest {

    private static final Instant AT = Instant.parse("2026-12-06T09:00:00Z");
    private static final InstanceId W = new InstanceId(WorkerId.of("w"), 0);

    @TempDir
    Path home;

    /** Three crashes of {@code w}, each after its pool warning 5 min before; one unrelated line before the 1st. */
    private static ErrorPrecursors learned() {
        ErrorPrecursors e = new ErrorPrecursors(PredictionConfig.ofDefaults());
        for (int i = 0; i < 3; i++) {
            Instant crash = AT.plusSeconds(3600L * i);
            e.seen(W, "pool", crash.minusSeconds(300));
            if (i == 0) {
                e.seen(W, "disk", crash.minusSeconds(200));
            }
            e.onFailure(W, FailureKind.PROCESS_EXITED, Optional.of("c0ffee00"), crash);
        }
        return e;
    }

    @Test
    void savedCountsReadBackEqualAndARestoredFindingForetellsAgainWithoutBeingNewsAgain() throws Exception {
        ErrorPrecursors before = learned();
        ErrorPrecursors.Counted other = new ErrorPrecursors.Counted("batch", FailureKind.HEARTBEAT_TIMEOUT,
                Optional.empty(), 1, Map.of());

        List<ErrorPrecursors.Counted> saved = new ArrayList<>(before.counts());
        saved.add(0, other);
        ErrorPrecursorFile.save(home, saved);
        List<ErrorPrecursors.Counted> back = ErrorPrecursorFile.load(home, AT, p -> { throw new AssertionError(p); });

        Map<String, Long> preceded = new LinkedHashMap<>();
        preceded.put("pool", 3L);
        preceded.put("disk", 1L);
        assertThat(back).containsExactly(other,
                new ErrorPrecursors.Counted("w", FailureKind.PROCESS_EXITED, Optional.of("c0ffee00"), 3, preceded));
        assertThat(back.get(1).preceded().keySet()).containsExactly("pool", "disk");
        assertThat(Files.readString(home.resolve(ErrorPrecursorFile.FILE)))
                .contains("\"pattern\" : \"pool\",\n      \"failures\" : 3");

        ErrorPrecursors after = new ErrorPrecursors(PredictionConfig.ofDefaults());
        after.restore(back);
        assertThat(after.findings()).isEqualTo(before.findings());
        assertThat(after.precursor(WorkerId.of("w"), "pool")).map(ErrorPrecursor::text)
                .contains("3 of 3 PROCESS_EXITED with pattern c0ffee00 followed error pattern pool");
        // a 4th crash after the warning counts on from 3 of 3, and the finding is not said again
        after.seen(W, "pool", AT.plusSeconds(4 * 3600 - 60));
        ErrorPrecursors.Learned fourth = after.onFailure(W, FailureKind.PROCESS_EXITED, Optional.of("c0ffee00"),
                AT.plusSeconds(4 * 3600));
        assertThat(fourth.newFindings()).isEmpty();
        assertThat(after.findings()).extracting(ErrorPrecursor::text)
                .containsExactly("4 of 4 PROCESS_EXITED with pattern c0ffee00 followed error pattern pool");
    }

    @Test
    void aCorruptFileIsSetAsideAndReportedInOneLine() throws Exception {
        Path file = home.resolve(ErrorPrecursorFile.FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"version\": 1, \"groups\": [{\"worker\": \"w\", \"failure\": \"PROCESS_EXITED\", "
                + "\"failures\": 3, \"preceded\": [{\"pattern\": \"pool\"}]}]}");
        List<String> problems = new ArrayList<>();

        List<ErrorPrecursors.Counted> loaded = ErrorPrecursorFile.load(home, AT, problems::add);

        assertThat(loaded).isEmpty();
        assertThat(file).doesNotExist();
        Path aside = home.resolve("data/error_precursors.json.corrupt-20261206T090000Z");
        assertThat(aside).exists();
        assertThat(problems).containsExactly(file + " is unreadable (groups[0]: 'failures' is missing); moved it to "
                + aside + " and starting with no error-pattern precursors");
    }

    @Test
    void aFileOfAnotherVersionOrAnUnknownFailureIsRefusedByName() {
        assertThatThrownBy(() -> ErrorPrecursorFile.read("{\"version\": 2, \"groups\": []}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'version' must be 1 but was 2");
        assertThatThrownBy(() -> ErrorPrecursorFile.read(("{\"version\": 1, \"groups\": [{\"worker\": \"w\", "
                + "\"failure\": \"MELTDOWN\", \"failures\": 1, \"preceded\": []}]}").getBytes()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("groups[0]: 'failure' must be a failure kind but was \"MELTDOWN\"");
    }
}
