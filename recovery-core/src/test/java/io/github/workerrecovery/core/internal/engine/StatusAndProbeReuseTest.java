package io.github.workerrecovery.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.ProbeContext;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.SystemStatus;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.prediction.PredictionTotals;
import io.github.workerrecovery.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * What a 10,000-instance round no longer makes again: status rows made as they are read, probe
 * contexts kept while an instance looks the same, counts that follow the roster's version.
 */
class StatusAndProbeReuseTest {

    private static final Instant AT = Instant.parse("2026-12-06T12:00:00Z");

    private final WorkerRecord worker = new WorkerRecord(WorkerSpec.builder("w").command(List.of("true")).build(),
            null, null, null, 3);

    private InstanceRecord instance(int slot, WorkerState state, String reason) {
        InstanceRecord r = new InstanceRecord(new InstanceId(worker.id, slot), worker);
        r.state(state);
        r.reason(reason);
        return r;
    }

    @Test
    void statusRowsAreMadeOnceEachAndEqualTheEagerOnes() {
        InstanceRecord a = instance(0, WorkerState.HEALTHY, "");
        InstanceRecord b = instance(1, WorkerState.DEAD, "exited with code 3");
        b.starts = 3;
        StatusRows rows = new StatusRows(new StatusPublisher.Row[] {new StatusPublisher.Row(a), new StatusPublisher.Row(b)}, AT);

        assertThat(rows).containsExactly(
                new InstanceStatus(a.id, false, WorkerState.HEALTHY, OptionalLong.empty(), Duration.ZERO, 0, "", Map.of()),
                new InstanceStatus(b.id, false, WorkerState.DEAD, OptionalLong.empty(), Duration.ZERO, 2,
                        "exited with code 3", Map.of()));
        assertThat(rows.get(1)).isSameAs(rows.get(1));
        assertThatThrownBy(() -> rows.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> rows.add(rows.get(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> rows.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        // the snapshot keeps the engine's list instead of copying (which would make every row)
        SystemStatus status = new SystemStatus(AT, true, rows, 0, 0, 0, Duration.ZERO, Map.of(), 0, 0, 0, 0,
                PredictionTotals.NONE);
        assertThat(status.instances()).isSameAs(rows);
        assertThat(status.healthyInstances()).isEqualTo(1);
    }

    @Test
    void probeContextsAreKeptWhileTheInstanceLooksTheSame() {
        InstanceRecord r = instance(0, WorkerState.HEALTHY, "");
        ProbeContexts contexts = new ProbeContexts(2);
        ManualClock time = new ManualClock();

        ProbeContext first = contexts.of(r, 0, "fake", time);
        assertThat(contexts.of(r, 0, "fake", time)).isSameAs(first);
        ProbeContext other = contexts.of(r, 1, "heartbeat", time);
        assertThat(other).isNotSameAs(first);
        assertThat(other.instance()).isSameAs(first.instance());

        r.state(WorkerState.WARNING);
        ProbeContext after = contexts.of(r, 0, "fake", time);
        assertThat(after).isNotSameAs(first);
        assertThat(after.instance().state()).isEqualTo(WorkerState.WARNING);
        r.lastHeartbeat = AT;
        assertThat(contexts.of(r, 0, "fake", time).instance().lastHeartbeat()).contains(AT);
    }

    @Test
    void theRosterVersionMovesWhenACountCanChangeAndOnlyThen() {
        Roster roster = new Roster();
        roster.add(worker);
        long v = roster.version();
        InstanceRecord r = instance(0, WorkerState.STARTING, "");
        worker.add(r);
        assertThat(roster.version()).isEqualTo(v + 1);

        r.state(WorkerState.HEALTHY);
        r.state(WorkerState.WARNING);
        assertThat(roster.version()).isEqualTo(v + 1);
        r.state(WorkerState.STOPPED);
        assertThat(roster.version()).isEqualTo(v + 2);
        worker.remove(r);
        assertThat(roster.version()).isEqualTo(v + 3);
        worker.remove(r); // not there any more: nothing changed
        assertThat(roster.version()).isEqualTo(v + 3);
    }
}
