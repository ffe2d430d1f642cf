package io.github.workerrecovery.core.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that follows the log files of many worker processes: it reads what each
 * worker appended to its {@code .err} file into that worker's stderr tail and error counter, and
 * rotates {@code .err} and {@code .out} files that reached their size limit (copy then truncate,
 * see {@link ProcessSpec}). It is woken by the file system's change notification (inotify on
 * Linux, through {@link WatchService}): after a change it waits {@value #POLL_INTERVAL_MS} ms for
 * more, then reads the logs that changed, so output is read at most that late, as when it polled
 * every {@value #POLL_INTERVAL_MS} ms; while nothing is written it reads every log only every
 * {@value #FALLBACK_POLL_MS} ms, in case a change was not reported. Where no watch service is
 * available it polls every {@value #POLL_INTERVAL_MS} ms. (Polling a thousand logs ten times a
 * second was the largest steady cost of an idle daemon.) Workers write
 * their files themselves, so their output never waits for, and never dies with, the monitor;
 * one thread serves a thousand workers where pipes needed two per worker.
 *
 * <p>The thread starts with the first followed worker and ends when none is left, so an idle
 * follower holds no thread. {@link #close()} stops it for good (waiting for a poll in flight)
 * and lets go of every file; workers keep running and keep writing. Shared by all the
 * {@link ProcessWorkerRuntime}s of one home. Thread-safe.
 */
public final class LogFollower implements AutoCloseable {

    /** Longest time between a change and its read (and the poll interval without a watch service). */
    public static final long POLL_INTERVAL_MS = 100;

    /**
     * Time between two reads of every followed log while no change is reported. Only a safety
     * net: a lost notification shows as an overflow, which reads every log at once. At 2 s it was
     * the largest steady cost of a daemon whose workers write nothing (50 logs: 0.05 % of a core);
     * at 10 s still 4 of the 55 ms a daemon with 50 quiet workers used in two minutes at 30 s checks.
     */
    public static final long FALLBACK_POLL_MS = 60_000;

    /** How long {@link #close()} waits for a poll in flight (a rotation copies up to a file's limit). */
    private static final long CLOSE_WAIT_MS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(LogFollower.class);

    private final String threadName;
    private final long pollIntervalMs;
    private final long fallbackMs;
    private final Object lock = new Object();

    // guarded by lock
    private final Map<Path, FollowedLog> followed = new LinkedHashMap<>();
    private Thread thread;
    private boolean closed;
    /** The change notification, or null where there is none (then the thread polls). */
    private WatchService watcher;
    private final Set<Path> watchedDirs = new HashSet<>();

    /**
     * @param threadName the name of its thread, e.g. {@code recovery-log-follower /srv/recovery/logs}
     */
    public LogFollower(String threadName) {
        this(threadName, Duration.ofMillis(POLL_INTERVAL_MS), Duration.ofMillis(FALLBACK_POLL_MS), true);
    }

    /** Polling only, every {@code pollInterval}, for tests. */
    LogFollower(String threadName, Duration pollInterval) {
        this(threadName, pollInterval, pollInterval, false);
    }

    /**
     * @param pollInterval the wait after a change, and the poll interval without change notification
     * @param fallback the time between two reads of every log while no change is reported
     * @param watch whether to use the file system's change notification where it exists
     */
    LogFollower(String threadName, Duration pollInterval, Duration fallback, boolean watch) {
        this.threadName = Objects.requireNonNull(threadName, "threadName");
        this.pollIntervalMs = Math.max(1, pollInterval.toMillis());
        this.fallbackMs = Math.max(1, fallback.toMillis());
        if (watch) {
            try {
                this.watcher = FileSystems.getDefault().newWatchService();
            } catch (IOException | UnsupportedOperationException e) {
                LOG.info("{}: no file change notification ({}), polling every {} ms", threadName, e, pollIntervalMs);
            }
        }
    }

    /**
     * Follows a worker incarnation's files from the next poll on. A log already followed for the
     * same {@code .err} file (an earlier incarnation whose exit was not handled yet) is
     * superseded: it ends where this one starts. After {@link #close()}, nothing is followed any
     * more, but the log is still read once when its worker exits.
     *
     * @param log the files
     */
    void follow(FollowedLog log) {
        synchronized (lock) {
            if (closed) {
                LOG.debug("{} is closed: {} is read only when its worker exits", threadName, log.errFile());
                return;
            }
            FollowedLog earlier = followed.put(log.errFile(), log);
            if (earlier != null && earlier != log) {
                earlier.supersede(log.position());
            }
            watchDirectoryOf(log.errFile());
            watchDirectoryOf(log.outFile());
            if (thread == null) {
                thread = new Thread(this::run, threadName);
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    /** Registers a log's directory for change notification; without it, the follower polls. Holds the lock. */
    private void watchDirectoryOf(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (watcher == null || dir == null || watchedDirs.contains(dir)) {
            return;
        }
        try {
            dir.register(watcher, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
            watchedDirs.add(dir);
        } catch (IOException | RuntimeException e) {
            LOG.info("{}: cannot watch {} ({}), polling every {} ms", threadName, dir, e, pollIntervalMs);
            closeWatcher();
        }
    }

    private void closeWatcher() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                LOG.debug("{}: closing the watch service", threadName, e);
            }
            watcher = null;
        }
    }

    /** @return how many logs are followed (finished ones go at the next poll) */
    int followedCount() {
        synchronized (lock) {
            return followed.size();
        }
    }

    /** @return whether its thread runs */
    boolean running() {
        synchronized (lock) {
            return thread != null;
        }
    }

    /**
     * Stops the thread, waiting up to 10 s for a poll in flight, and closes every followed file
     * without reading further. The workers are not touched. Idempotent.
     */
    @Override
    public void close() {
        Thread running;
        List<FollowedLog> left;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            running = thread;
            left = new ArrayList<>(followed.values());
            followed.clear();
            closeWatcher(); // wakes a thread waiting for changes
            lock.notifyAll();
        }
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(CLOSE_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        left.forEach(FollowedLog::close);
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocate(FollowedLog.CHUNK_BYTES);
        // the files reported changed since the last read; null means read every log
        Set<Path> changed = null;
        try {
            while (true) {
                List<FollowedLog> round;
                WatchService watching;
                synchronized (lock) {
                    // logs finished at their worker's exit leave here, not in the exit path
                    followed.values().removeIf(log -> !log.isOpen());
                    if (closed || followed.isEmpty()) {
                        // under the lock, so that a follow() from now on starts a new thread
                        thread = null;
                        return;
                    }
                    round = new ArrayList<>(followed.values());
                    watching = watcher;
                }
                for (FollowedLog log : round) {
                    if (changed == null || changed.contains(log.errFile().toAbsolutePath())
                            || changed.contains(log.outFile().toAbsolutePath())) {
                        pollGuarded(log, buffer);
                    }
                }
                if (watching == null) {
                    synchronized (lock) {
                        if (!closed) {
                            waitQuietly(pollIntervalMs);
                        }
                    }
                    changed = null;
                } else {
                    changed = awaitChanges(watching);
                }
            }
        } finally {
            // only after an error thrown through: a normal end has cleared it already
            synchronized (lock) {
                if (thread == Thread.currentThread()) {
                    thread = null;
                }
            }
        }
    }

    /**
     * Waits for a change, up to the fallback interval; after the first, waits the poll interval
     * for more, so that a chatty worker's lines are read in batches.
     *
     * @return the files that changed, or null to read every log (the fallback, an overflow, or
     *     the watch service closed)
     */
    private Set<Path> awaitChanges(WatchService watching) {
        Set<Path> changed = new HashSet<>();
        try {
            WatchKey key = watching.poll(fallbackMs, TimeUnit.MILLISECONDS);
            if (key == null) {
                return null;
            }
            TimeUnit.MILLISECONDS.sleep(pollIntervalMs);
            while (key != null) {
                Path dir = (Path) key.watchable();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        changed = null;
                    } else if (changed != null) {
                        changed.add(dir.resolve((Path) event.context()).toAbsolutePath());
                    }
                }
                key.reset();
                key = watching.poll();
            }
            return changed;
        } catch (ClosedWatchServiceException e) {
            return null; // closed: the loop ends, or polls when the watch was given up
        } catch (InterruptedException e) {
            LOG.debug("{} interrupted, going on", threadName);
            return null;
        }
    }

    /** One poll; whatever it throws is logged and the other logs are polled all the same. */
    private static void pollGuarded(FollowedLog log, ByteBuffer buffer) {
        try {
            log.poll(buffer);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            log.reportFailure("cannot follow " + log.errFile(), e);
        }
    }

    /** Waits on the lock (so {@link #close()} wakes it); an interrupt is no reason to stop following. */
    private void waitQuietly(long millis) {
        try {
            TimeUnit.MILLISECONDS.timedWait(lock, millis);
        } catch (InterruptedException e) {
            LOG.debug("{} interrupted, going on", threadName);
        }
    }
}
