package io.github.workerrecovery.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.testkit.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status refresh follows a batch of engine tasks once, and before the engine is idle. */
class EngineLoopTest {

    private final ManualScheduler scheduler = new ManualScheduler();
    private final EngineLoop loop = new EngineLoop(scheduler);
    private final List<Integer> seenByRefresh = new ArrayList<>();
    private int done;

    @Test
    void aBatchOfTasksIsFollowedByOneRefreshThatSeesAllOfThem() {
        loop.afterEachTask(() -> seenByRefresh.add(done));
        for (int i = 0; i < 1000; i++) {
            loop.post(() -> done++);
        }

        scheduler.runUntilIdle();

        assertThat(seenByRefresh).containsExactly(1000);
    }

    @Test
    void eachTimerTaskRunAtItsOwnTimeIsFollowedByItsRefresh() {
        loop.afterEachTask(() -> seenByRefresh.add(done));
        loop.schedule(Duration.ofSeconds(1), () -> done++);
        loop.schedule(Duration.ofSeconds(2), () -> done++);

        scheduler.advance(Duration.ofSeconds(1));
        assertThat(seenByRefresh).containsExactly(1);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(seenByRefresh).containsExactly(1, 2);
    }

    @Test
    void aFailingTaskIsStillFollowedByTheRefresh() {
        loop.afterEachTask(() -> seenByRefresh.add(done));
        loop.post(() -> {
            done++;
            throw new IllegalStateException("a bug in a handler");
        });

        try {
            scheduler.runUntilIdle();
        } catch (AssertionError expected) {
            // the manual scheduler fails the run on a task failure, as it should
        }
        scheduler.runUntilIdle();
        assertThat(seenByRefresh).containsExactly(1);
    }
}
