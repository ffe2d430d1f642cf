package io.github.workerrecovery.cli.daemon;

import io.github.workerrecovery.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code data/daemon.pid}: the pid of the daemon running on a home, written atomically when it
 * starts and deleted when it stops. A file left by a daemon that died without cleaning up is
 * stale: its pid is gone, or now belongs to a process that is not a {@code worker-recovery}
 * daemon; {@link #liveDaemon(Path)} tells the two apart.
 */
public final class PidFile {

    /** The file, relative to the home. */
    public static final String FILE = "data/daemon.pid";

    /** An argument of a daemon started by {@code start --daemon}: the main class. */
    private static final String MAIN_CLASS = "io.github.workerrecovery.cli.Main";
    /** How an argument of a daemon started with {@code java -jar} ends: the jar's name. */
    private static final String JAR_NAME = "worker-recovery.jar";

    private PidFile() {
    }

    /**
     * @param home a daemon's home
     * @return where its pid file is
     */
    public static Path path(Path home) {
        return home.resolve(FILE);
    }

    /**
     * @param home the daemon's home
     * @param pid the daemon's pid
     * @throws IOException when the file cannot be written
     */
    static void write(Path home, long pid) throws IOException {
        AtomicFiles.write(path(home), (pid + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * @param home a daemon's home
     * @return the pid in its pid file; empty when there is no file or it holds no number
     * @throws IOException when the file exists but cannot be read
     */
    public static OptionalLong read(Path home) throws IOException {
        try {
            String text = Files.readString(path(home), StandardCharsets.US_ASCII).strip();
            return text.matches("\\d{1,19}") ? OptionalLong.of(Long.parseLong(text)) : OptionalLong.empty();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The daemon the pid file names, when it is still running: the process is alive and one of
     * its arguments is the CLI's main class or a {@code worker-recovery.jar}, so that a pid
     * reused by an unrelated process is seen as stale. When the arguments cannot be read (a
     * process of another user), an alive process counts as the daemon: refusing to start is the
     * safe mistake.
     *
     * @param home a daemon's home
     * @return the running daemon, empty when none (no file, or a stale one)
     * @throws IOException when the file exists but cannot be read
     */
    public static Optional<ProcessHandle> liveDaemon(Path home) throws IOException {
        OptionalLong pid = read(home);
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid.getAsLong())
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments()
                        .map(args -> Arrays.stream(args).anyMatch(a -> a.equals(MAIN_CLASS) || a.endsWith(JAR_NAME)))
                        .orElse(true));
    }

    /**
     * Deletes the pid file when it still names {@code pid}, so that a daemon never removes the
     * file of another.
     *
     * @param home the daemon's home
     * @param pid the pid it must hold
     * @throws IOException when it cannot be read or deleted
     */
    static void deleteIfOwnedBy(Path home, long pid) throws IOException {
        if (read(home).equals(OptionalLong.of(pid))) {
            Files.deleteIfExists(path(home));
        }
    }

    /**
     * Deletes the pid file whatever it holds; for {@code stop}, once the daemon is gone.
     *
     * @param home the daemon's home
     * @throws IOException when it cannot be deleted
     */
    public static void delete(Path home) throws IOException {
        Files.deleteIfExists(path(home));
    }
}
