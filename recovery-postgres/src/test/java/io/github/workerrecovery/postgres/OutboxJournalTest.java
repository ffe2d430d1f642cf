package io.github.workerrecovery.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.TimeSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox journal on real files: what survives a restart, a torn line, a compaction, a lost file. */
class OutboxJournalTest {

    @TempDir
    Path home;

    private OutboxJournal open() throws Exception {
        return OutboxJournal.open(home, "host-a", TimeSource.system());
    }

    private static List<Long> seqs(List<OutboxRecord> records) {
        return records.stream().map(OutboxRecord::seq).toList();
    }

    @Test
    void pendingRecordsSurviveARestartInOrderWithTheirJournalId() throws Exception {
        UUID id;
        try (OutboxJournal journal = open()) {
            id = journal.journalId();
            journal.append(OutboxRecord.Kind.HISTORY, "{\"n\":1}");
            journal.append(OutboxRecord.Kind.STRATEGIES, "{\"n\":2}");
            journal.append(OutboxRecord.Kind.HISTORY, "{\"n\":3}");
        }
        try (OutboxJournal journal = open()) {
            assertThat(journal.journalId()).isEqualTo(id);
            assertThat(journal.pending(10)).containsExactly(
                    new OutboxRecord(1, OutboxRecord.Kind.HISTORY, "{\"n\":1}"),
                    new OutboxRecord(2, OutboxRecord.Kind.STRATEGIES, "{\"n\":2}"),
                    new OutboxRecord(3, OutboxRecord.Kind.HISTORY, "{\"n\":3}"));
            assertThat(journal.append(OutboxRecord.Kind.ALERT, "{}").seq()).isEqualTo(4);
        }
    }

    @Test
    void aLineCutShortByACrashIsCutOffAndTheNextRecordStartsClean() throws Exception {
        try (OutboxJournal journal = open()) {
            journal.append(OutboxRecord.Kind.HISTORY, "{\"n\":1}");
        }
        Files.writeString(home.resolve(OutboxJournal.FILE), "{\"seq\":2,\"kind\":\"history\",\"bo",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (OutboxJournal journal = open()) {
            assertThat(seqs(journal.pending(10))).containsExactly(1L);
            journal.append(OutboxRecord.Kind.HISTORY, "{\"n\":2}");
        }
        try (OutboxJournal journal = open()) {
            assertThat(journal.pending(10)).extracting(OutboxRecord::body).containsExactly("{\"n\":1}", "{\"n\":2}");
        }
    }

    @Test
    void acknowledgedRecordsAreCutFromTheFileAndNumberingGoesOnAfterARestart() throws Exception {
        int total = OutboxJournal.COMPACT_AFTER + 10;
        try (OutboxJournal journal = open()) {
            for (int i = 1; i <= total; i++) {
                journal.append(OutboxRecord.Kind.HISTORY, "{\"n\":" + i + "}");
            }
            journal.acknowledge(total - 2);
            assertThat(journal.pendingCount()).isEqualTo(2);
            // header + the two pending records
            assertThat(Files.readAllLines(home.resolve(OutboxJournal.FILE))).hasSize(3);
        }
        try (OutboxJournal journal = open()) {
            assertThat(seqs(journal.pending(10))).containsExactly((long) total - 1, (long) total);
            journal.acknowledge(total);
            assertThat(journal.append(OutboxRecord.Kind.HISTORY, "{}").seq()).isEqualTo(total + 1);
        }
        try (OutboxJournal journal = open()) {
            assertThat(seqs(journal.pending(10))).containsExactly((long) total + 1);
        }
    }

    @Test
    void aHomeWhoseJournalWasLostStartsANewJournalNotOldNumbers() throws Exception {
        UUID first;
        try (OutboxJournal journal = open()) {
            first = journal.journalId();
            journal.append(OutboxRecord.Kind.HISTORY, "{}");
        }
        Files.delete(home.resolve(OutboxJournal.FILE));
        try (OutboxJournal journal = open()) {
            assertThat(journal.journalId()).isNotEqualTo(first);
            assertThat(journal.append(OutboxRecord.Kind.HISTORY, "{}").seq()).isEqualTo(1);
        }
    }
}
