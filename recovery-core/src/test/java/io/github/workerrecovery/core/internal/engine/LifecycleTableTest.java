package io.github.workerrecovery.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.api.event.InstanceStateChanged;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.core.internal.events.EventStream;
import io.github.workerrecovery.testkit.ManualScheduler;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Walks the instance life-cycle table edge by edge: every legal move is taken and told, every other one throws. */
class LifecycleTableTest {

    private final ManualScheduler scheduler = new ManualScheduler();
    private final EventStream events = new EventStream(scheduler, 100);
    private final Lifecycle lifecycle = new Lifecycle(events);
    private final List<RecoveryEvent> told = new ArrayList<>();
    private final WorkerRecord worker = new WorkerRecord(WorkerSpec.builder("w").command(List.of("true")).build(),
            null, null, null, 3);

    LifecycleTableTest() {
        events.listen(told::add);
    }

    @AfterEach
    void close() {
        scheduler.close();
    }

    @Test
    void theTableIsTheOneTheDesignDocumentsAndStoppedIsTerminal() {
        assertThat(Lifecycle.TABLE.get(WorkerState.STOPPED)).isEmpty();
        assertThat(Lifecycle.TABLE.get(WorkerState.DEAD)).containsExactlyInAnyOrder(
                WorkerState.RECOVERING, WorkerState.FAILED, WorkerState.STOPPED, WorkerState.STARTING);
        assertThat(Lifecycle.TABLE.get(WorkerState.FAILED)).containsExactlyInAnyOrder(
                WorkerState.RECOVERING, WorkerState.STOPPED, WorkerState.STARTING);
        // only a recovery leaves DEAD or FAILED for a running state, and UNKNOWN is never FAILED's or DEAD's next
        assertThat(Lifecycle.TABLE.get(WorkerState.DEAD)).doesNotContain(WorkerState.HEALTHY, WorkerState.UNKNOWN);
        assertThat(Lifecycle.TABLE.keySet()).containsExactlyInAnyOrder(WorkerState.values());
        for (WorkerState from : WorkerState.values()) {
            assertThat(Lifecycle.TABLE.get(from)).as("no self-edge in the table for %s", from).doesNotContain(from);
        }
    }

    @Test
    void everyEdgeIsWalkedLegalOnesAreToldIllegalOnesThrow() {
        int legal = 0;
        int illegal = 0;
        for (WorkerState from : WorkerState.values()) {
            for (WorkerState to : WorkerState.values()) {
                InstanceRecord r = instanceIn(from);
                told.clear();
                Set<WorkerState> allowed = Lifecycle.TABLE.get(from);
                if (from == to) {
                    lifecycle.move(r, to, "same");
                    assertThat(told).as("%s -> itself is no move", from).isEmpty();
                    assertThat(r.lastReason()).isEqualTo("same");
                } else if (allowed.contains(to)) {
                    lifecycle.move(r, to, "because");
                    assertThat(r.state()).isEqualTo(to);
                    assertThat(told).singleElement().isInstanceOfSatisfying(InstanceStateChanged.class, e -> {
                        assertThat(e.instance()).isEqualTo(r.id);
                        assertThat(e.from()).isEqualTo(from);
                        assertThat(e.to()).isEqualTo(to);
                        assertThat(e.reason()).isEqualTo("because");
                    });
                    legal++;
                } else {
                    assertThatThrownBy(() -> lifecycle.move(r, to, "bug"))
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessage("illegal life-cycle move of w#0: " + from + " -> " + to + " (bug)");
                    assertThat(r.state()).isEqualTo(from);
                    assertThat(told).isEmpty();
                    illegal++;
                }
            }
        }
        int n = WorkerState.values().length;
        assertThat(legal + illegal).isEqualTo(n * n - n);
        assertThat(legal).isEqualTo(Lifecycle.TABLE.values().stream().mapToInt(Set::size).sum());
    }

    @Test
    void aNoteChangesTheReasonOnly() {
        InstanceRecord r = instanceIn(WorkerState.DEAD);
        told.clear();
        lifecycle.note(r, "held: shared outage pattern p1");
        assertThat(r.state()).isEqualTo(WorkerState.DEAD);
        assertThat(r.lastReason()).isEqualTo("held: shared outage pattern p1");
        assertThat(told).isEmpty();
    }

    /** An instance brought to a state along legal edges, as the engine would. */
    private InstanceRecord instanceIn(WorkerState target) {
        InstanceRecord r = new InstanceRecord(new InstanceId(WorkerId.of("w"), 0), worker);
        for (WorkerState step : pathTo(target)) {
            lifecycle.move(r, step, "setup");
        }
        assertThat(r.state()).isEqualTo(target);
        return r;
    }

    private static List<WorkerState> pathTo(WorkerState target) {
        if (target == WorkerState.STARTING) {
            return List.of();
        }
        if (EnumSet.of(WorkerState.HEALTHY, WorkerState.WARNING, WorkerState.CRITICAL, WorkerState.DEAD,
                WorkerState.UNKNOWN, WorkerState.RECOVERING, WorkerState.FAILED, WorkerState.STOPPED).contains(target)) {
            return List.of(target);
        }
        throw new AssertionError("no path to " + target);
    }
}
