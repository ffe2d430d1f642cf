package io.github.workerrecovery.cli.daemon;

import io.github.workerrecovery.cli.CommandFailure;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * One daemon per home. An exclusive lock on {@code data/daemon.lock} is held for the daemon's
 * whole life; the operating system releases it when the process ends in any way, kill -9
 * included, so a crashed daemon never blocks the next one, and two daemons started at the same
 * moment cannot both win. The holder then writes its pid to the {@link PidFile} (replacing a
 * stale one).
 */
public final class DaemonLock implements AutoCloseable {

    /** The lock file, relative to the home; empty, and left in place. */
    public static final String FILE = "data/daemon.lock";

    private final Path home;
    private final long pid;
    private final FileChannel channel;
    private final FileLock lock;

    private DaemonLock(Path home, long pid, FileChannel channel, FileLock lock) {
        this.home = home;
        this.pid = pid;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the home for this process and writes its pid file.
     *
     * @param home the daemon's home; {@code data/} is created when missing
     * @return the lock, to {@link #close()} when the daemon stops
     * @throws CommandFailure when another daemon holds the home
     * @throws IOException when the lock or pid file cannot be written
     */
    public static DaemonLock acquire(Path home) throws IOException {
        Path file = home.resolve(FILE);
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            OptionalLong holder = PidFile.read(home);
            throw CommandFailure.of("a daemon is already running on " + home
                    + (holder.isPresent() ? " (pid " + holder.getAsLong() + ")" : "")
                    + "; stop it first with: worker-recovery stop --home " + home);
        }
        long pid = ProcessHandle.current().pid();
        DaemonLock taken = new DaemonLock(home, pid, channel, lock);
        try {
            PidFile.write(home, pid);
        } catch (IOException e) {
            taken.close();
            throw e;
        }
        return taken;
    }

    /** Deletes the pid file (when it is still this daemon's) and releases the home. Idempotent. */
    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            PidFile.deleteIfOwnedBy(home, pid);
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
