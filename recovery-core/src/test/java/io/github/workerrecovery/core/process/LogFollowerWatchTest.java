package io.github.workerrecovery.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.testkit.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The follower woken by change notification rather than a timer. */
class LogFollowerWatchTest {

    @Test
    void aLineIsReadSoonAfterItIsWrittenThoughTheFallbackPollIsAnHourAway(@TempDir Path dir) throws Exception {
        try (LogFollower follower = new LogFollower("watching follower", Duration.ofMillis(50), Duration.ofHours(1), true)) {
            FollowedLog log = FollowedLog.open(dir.resolve("w.err"), dir.resolve("w.out"),
                    new StderrTail(5, Optional.empty(), new ManualClock()), 1_000_000, 1, true);
            follower.follow(log);
            // the follower reads every log once when it starts, then only what is reported
            // changed: once "zero" is read that first pass is behind it, so the next lines can only
            // come through the change notification (the fallback read is an hour away)
            Files.writeString(dir.resolve("w.err"), "zero\n", StandardOpenOption.APPEND);
            await().atMost(Duration.ofSeconds(10)).until(() -> log.tail().lines().size() == 1);
            Files.writeString(dir.resolve("w.err"), "first\n", StandardOpenOption.APPEND);
            await().atMost(Duration.ofSeconds(10)).until(() -> log.tail().lines().size() == 2);
            Files.writeString(dir.resolve("w.err"), "second\n", StandardOpenOption.APPEND);
            await().atMost(Duration.ofSeconds(10)).until(() -> log.tail().lines().size() == 3);
            assertThat(log.tail().lines()).containsExactly("zero", "first", "second");
            log.finish();
        }
    }
}
