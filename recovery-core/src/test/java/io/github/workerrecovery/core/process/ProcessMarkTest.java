package io.github.workerrecovery.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The environment mark: its form, how it is found in a {@code /proc/<pid>/environ} file, and how marks chain. */
class ProcessMarkTest {

    private static final InstanceId SLOT_2 = new InstanceId(WorkerId.of("w"), 2);

    private static byte[] environ(String... entries) {
        return (String.join("\0", entries) + "\0").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eachLaunchGetsAMarkOfItsOwnUnderTheMonitorsToken() {
        ProcessMarks marks = new ProcessMarks();
        ProcessMarks other = new ProcessMarks();

        ProcessMark first = marks.issue(SLOT_2);
        ProcessMark second = marks.issue(SLOT_2);

        assertThat(marks.token()).matches("[0-9a-f]{16}").isNotEqualTo(other.token());
        assertThat(first.value()).isEqualTo(marks.token() + "/w#2/1");
        assertThat(second.value()).isEqualTo(marks.token() + "/w#2/2");
        assertThat(marks.live()).containsExactlyInAnyOrder(first, second);
        marks.retire(first);
        assertThat(marks.live()).containsExactly(second);
    }

    @Test
    void theVariableIsFoundAnywhereInTheEnvironmentButOnlyByItsWholeName() {
        assertThat(ProcessMark.marksIn(environ("WORKER_RECOVERY_INSTANCE=t/w#0/1", "PATH=/bin"))).containsExactly("t/w#0/1");
        assertThat(ProcessMark.marksIn(environ("PATH=/bin", "WORKER_RECOVERY_INSTANCE=t/w#0/1"))).containsExactly("t/w#0/1");
        assertThat(ProcessMark.marksIn(environ("MY_WORKER_RECOVERY_INSTANCE=t/w#0/1", "X=WORKER_RECOVERY_INSTANCE=u"))).isEmpty();
        assertThat(ProcessMark.marksIn(environ("WORKER_RECOVERY_INSTANCE="))).isEmpty();
        assertThat(ProcessMark.marksIn(new byte[0])).isEmpty();
    }

    @Test
    void aWorkerOfAMonitorThatIsItselfAWorkerCarriesBothMarksItsOwnFirst() {
        ProcessMark inner = new ProcessMark("inner/w#0/1");

        String value = inner.environmentValue(Optional.of("outer/monitor#0/3"));

        assertThat(value).isEqualTo("inner/w#0/1,outer/monitor#0/3");
        assertThat(inner.environmentValue(Optional.empty())).isEqualTo("inner/w#0/1");
        assertThat(ProcessMark.marksIn(environ("WORKER_RECOVERY_INSTANCE=" + value))).containsExactly("inner/w#0/1", "outer/monitor#0/3");
    }

    @Test
    void aMarkHoldsNoSeparator() {
        assertThatThrownBy(() -> new ProcessMark("a,b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a process mark must be non-blank without ',', NUL or line breaks but was 'a,b'");
        assertThatThrownBy(() -> new ProcessMark(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
