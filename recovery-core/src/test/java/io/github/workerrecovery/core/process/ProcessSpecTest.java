package io.github.workerrecovery.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.WorkerId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Defaults and validation of {@link ProcessSpec}. */
class ProcessSpecTest {

    private static final WorkerId WORKER = WorkerId.of("task_worker");
    private static final Path LOGS = Path.of("logs");

    @Test
    void builderHoldsTheDocumentedDefaults() {
        ProcessSpec spec = ProcessSpec.builder(WORKER, List.of("python3", "worker.py"), LOGS).build();

        assertThat(spec.workingDir()).isEmpty();
        assertThat(spec.env()).isEmpty();
        assertThat(spec.logMaxBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(spec.logMaxFiles()).isEqualTo(5);
        assertThat(spec.tailLines()).isEqualTo(200);
        assertThat(spec.signals()).containsExactlyInAnyOrderEntriesOf(
                Map.of(ControlSignal.CONNECTION_RESET, "HUP", ControlSignal.MEMORY_CLEANUP, "USR1"));
        assertThat(spec.errorPattern()).map(Object::toString).hasValue("(?i)\\b(error|exception|fatal|traceback)\\b");
    }

    @Test
    void logFilesAreNamedPerSlot() {
        ProcessSpec spec = ProcessSpec.builder(WORKER, List.of("w"), LOGS).build();

        assertThat(spec.stdoutLog(0)).isEqualTo(Path.of("logs/task_worker.out"));
        assertThat(spec.stderrLog(0)).isEqualTo(Path.of("logs/task_worker.err"));
        assertThat(spec.stdoutLog(2)).isEqualTo(Path.of("logs/task_worker-2.out"));
        assertThat(spec.stderrLog(2)).isEqualTo(Path.of("logs/task_worker-2.err"));
    }

    @Test
    void signalNamesAreNormalisedAndMissingOnesDefaulted() {
        ProcessSpec spec = new ProcessSpec(WORKER, List.of("w"), Optional.empty(), Map.of(), LOGS, 1, 1,
                Map.of(ControlSignal.MEMORY_CLEANUP, "sigusr2"), Optional.empty(), 1, List.of());

        assertThat(spec.signals()).containsEntry(ControlSignal.MEMORY_CLEANUP, "USR2")
                .containsEntry(ControlSignal.CONNECTION_RESET, "HUP");
    }

    @Test
    void aSignalOutsideTheAllowListIsRejectedWithTheList() {
        assertThatThrownBy(() -> ProcessSpec.builder(WORKER, List.of("w"), LOGS)
                        .signal(ControlSignal.CONNECTION_RESET, "KILL").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("worker 'task_worker': signal for CONNECTION_RESET must be one of"
                        + " HUP INT QUIT USR1 USR2 TERM WINCH CONT STOP TSTP but was 'KILL'");
        assertThatThrownBy(() -> ProcessSpec.builder(WORKER, List.of("w"), LOGS)
                        .signal(ControlSignal.MEMORY_CLEANUP, "HUP; rm -rf /").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("but was 'HUP; rm -rf /'");
    }

    @Test
    void invalidValuesAreRejectedNamingTheRule() {
        assertThatThrownBy(() -> ProcessSpec.builder(WORKER, List.of(), LOGS).build())
                .hasMessage("worker 'task_worker': command must name an executable but was []");
        assertThatThrownBy(() -> ProcessSpec.builder(WORKER, List.of(" "), LOGS).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessSpec.builder(WORKER, List.of("w"), LOGS).logMaxBytes(0).build())
                .hasMessage("worker 'task_worker': logMaxBytes must be >= 1 but was 0");
        assertThatThrownBy(() -> ProcessSpec.builder(WORKER, List.of("w"), LOGS).logMaxFiles(0).build())
                .hasMessage("worker 'task_worker': logMaxFiles must be >= 1 but was 0");
        assertThatThrownBy(() -> ProcessSpec.builder(WORKER, List.of("w"), LOGS).tailLines(-1).build())
                .hasMessage("worker 'task_worker': tailLines must be >= 1 but was -1");
        assertThatThrownBy(() -> ProcessSpec.builder(WORKER, List.of("w"), LOGS).env("A=B", "x").build())
                .hasMessageStartingWith("worker 'task_worker': environment variable 'A=B' is invalid");
        assertThatThrownBy(() -> ProcessSpec.builder(WORKER, List.of("w", "a\0b"), LOGS).build())
                .hasMessageContaining("NUL");
    }

    @Test
    void collectionsAreCopiedAndUnmodifiable() {
        List<String> command = new java.util.ArrayList<>(List.of("w"));
        ProcessSpec spec = ProcessSpec.builder(WORKER, command, LOGS).env("A", "1").build();
        command.add("changed");

        assertThat(spec.command()).containsExactly("w");
        assertThatThrownBy(() -> spec.env().put("B", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.signals().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
