package io.github.workerrecovery.core.process;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that follows the log files of many worker processes: every
 * {@value #POLL_INTERVAL_MS} ms it reads what each worker appended to its {@code .err} file into
 * that worker's stderr tail and error counter, and rotates {@code .err} and {@code .out} files
 * that reached their size limit (copy then truncate, see {@link ProcessSpec}). Workers write
 * their files themselves, so their output never waits for, and never dies with, the monitor;
 * one thread serves a thousand workers where pipes needed two per worker.
 *
 * <p>The thread starts with the first followed worker and ends when none is left, so an idle
 * follower holds no thread. {@link #close()} stops it for good (waiting for a poll in flight)
 * and lets go of every file; workers keep running and keep writing. Shared by all the
 * {@link ProcessWorkerRuntime}s of one home. Thread-safe.
 */
public final class LogFollower implements AutoCloseable {

    /** Time between two polls of the followed files. */
    public static final long POLL_INTERVAL_MS = 100;

    /** How long {@link #close()} waits for a poll in flight (a rotation copies up to a file's limit). */
    private static final long CLOSE_WAIT_MS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(LogFollower.class);

    private final String threadName;
    private final long pollIntervalMs;
    private final Object lock = new Object();

    // guarded by lock
    private final Map<Path, FollowedLog> followed = new LinkedHashMap<>();
    private Thread thread;
    private boolean closed;

    /**
     * @param threadName the name of its thread, e.g. {@code recovery-log-follower /srv/recovery/logs}
     */
    public LogFollower(String threadName) {
        this(threadName, Duration.ofMillis(POLL_INTERVAL_MS));
    }

    /** With another poll interval, for tests. */
    LogFollower(String threadName, Duration pollInterval) {
        this.threadName = Objects.requireNonNull(threadName, "threadName");
        this.pollIntervalMs = Math.max(1, pollInterval.toMillis());
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
            if (thread == null) {
                thread = new Thread(this::run, threadName);
                thread.setDaemon(true);
                thread.start();
            }
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
        try {
            while (true) {
                List<FollowedLog> round;
                synchronized (lock) {
                    // logs finished at their worker's exit leave here, not in the exit path
                    followed.values().removeIf(log -> !log.isOpen());
                    if (closed || followed.isEmpty()) {
                        // under the lock, so that a follow() from now on starts a new thread
                        thread = null;
                        return;
                    }
                    round = new ArrayList<>(followed.values());
                }
                for (FollowedLog log : round) {
                    pollGuarded(log, buffer);
                }
                synchronized (lock) {
                    if (!closed) {
                        waitQuietly(pollIntervalMs);
                    }
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
