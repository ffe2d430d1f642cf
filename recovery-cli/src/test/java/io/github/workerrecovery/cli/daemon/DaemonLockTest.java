package io.github.workerrecovery.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.cli.CommandFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonLockTest {

    @TempDir
    Path home;

    @Test
    void theHolderWritesItsPidAndASecondTakerIsRefusedUntilItIsReleased() throws Exception {
        long self = ProcessHandle.current().pid();

        DaemonLock first = DaemonLock.acquire(home);
        assertThat(PidFile.read(home)).isEqualTo(OptionalLong.of(self));
        assertThatThrownBy(() -> DaemonLock.acquire(home))
                .isInstanceOf(CommandFailure.class)
                .hasMessageStartingWith("a daemon is already running on " + home + " (pid " + self + ")");
        first.close();

        assertThat(PidFile.path(home)).doesNotExist();
        DaemonLock again = DaemonLock.acquire(home);
        assertThat(PidFile.read(home)).isEqualTo(OptionalLong.of(self));
        again.close();
    }

    @Test
    void aStalePidFileIsReplaced() throws Exception {
        Files.createDirectories(home.resolve("data"));
        Files.writeString(PidFile.path(home), "999999999\n");

        DaemonLock lock = DaemonLock.acquire(home);
        assertThat(PidFile.read(home)).isEqualTo(OptionalLong.of(ProcessHandle.current().pid()));
        lock.close();
    }

    @Test
    void aPidFileNamesNoLiveDaemonWhenItsProcessIsGoneOrIsSomethingElse() throws Exception {
        Files.createDirectories(home.resolve("data"));
        Process done = new ProcessBuilder("true").start();
        done.onExit().get(10, TimeUnit.SECONDS);

        Files.writeString(PidFile.path(home), done.pid() + "\n");
        assertThat(PidFile.liveDaemon(home)).isEmpty();

        // this test JVM is alive, but it is not a worker-recovery daemon: a reused pid
        Files.writeString(PidFile.path(home), ProcessHandle.current().pid() + "\n");
        assertThat(PidFile.liveDaemon(home)).isEmpty();

        Files.writeString(PidFile.path(home), "not a pid\n");
        assertThat(PidFile.liveDaemon(home)).isEmpty();
    }
}
