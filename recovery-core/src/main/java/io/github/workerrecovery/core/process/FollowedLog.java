package io.github.workerrecovery.core.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log files of one worker incarnation as the monitor follows them: the bytes appended to
 * its {@code .err} file go to its {@link StderrTail}, and both its {@code .err} and {@code .out}
 * files are rotated by {@link CopyTruncateRotation} once they reach the size limit. The worker
 * writes the files itself; this only reads them, and keeps a channel on each so that a poll
 * costs an {@code fstat} when nothing was written.
 *
 * <p>Polled by the {@link LogFollower} thread, finished by the thread that sees the worker exit;
 * the methods are synchronized so the two never interleave.
 */
final class FollowedLog {

    /** Bytes read per call. */
    static final int CHUNK_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(FollowedLog.class);

    private final Path errFile;
    private final Path outFile;
    private final StderrTail tail;
    private final long maxBytes;
    private final CopyTruncateRotation rotation;

    // guarded by this
    private FileChannel err; // null once finished or closed
    private FileChannel out;
    private long position; // next byte of the .err file to read
    private long end = Long.MAX_VALUE; // where this incarnation's output ends, once a newer one took the files
    private long errRotateAt;
    private long outRotateAt;
    private boolean failureLogged;

    private FollowedLog(Path errFile, Path outFile, StderrTail tail, long maxBytes, int maxFiles,
                        FileChannel err, FileChannel out) throws IOException {
        this.errFile = errFile;
        this.outFile = outFile;
        this.tail = tail;
        this.maxBytes = maxBytes;
        this.rotation = new CopyTruncateRotation(maxFiles);
        this.err = err;
        this.out = out;
        this.position = err.size();
        this.errRotateAt = maxBytes;
        this.outRotateAt = maxBytes;
    }

    /**
     * Opens the two files and starts following {@code errFile} from its current end: what an
     * earlier incarnation wrote is not this one's.
     *
     * @param errFile the {@code .err} file
     * @param outFile the {@code .out} file
     * @param tail where stderr lines go
     * @param maxBytes size at which a file is rotated
     * @param maxFiles rotated files kept
     * @param create whether to create missing files (for a worker about to start), or to fail
     *     with {@link java.nio.file.NoSuchFileException} (for one already running)
     * @return the followed files
     * @throws IOException when a file cannot be opened
     */
    static FollowedLog open(Path errFile, Path outFile, StderrTail tail, long maxBytes, int maxFiles, boolean create)
            throws IOException {
        List<StandardOpenOption> options = new ArrayList<>(List.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
        if (create) {
            options.add(StandardOpenOption.CREATE);
        }
        // WRITE only for the truncate of a rotation: the monitor never writes a byte to these files
        StandardOpenOption[] opts = options.toArray(new StandardOpenOption[0]);
        FileChannel err = FileChannel.open(errFile, opts);
        try {
            FileChannel out = FileChannel.open(outFile, opts);
            return new FollowedLog(errFile, outFile, tail, maxBytes, maxFiles, err, out);
        } catch (IOException | RuntimeException e) {
            err.close();
            throw e;
        }
    }

    /** @return the {@code .err} file, the key under which it is followed */
    Path errFile() {
        return errFile;
    }

    /** @return the {@code .out} file */
    Path outFile() {
        return outFile;
    }

    /** @return the stderr tail fed from the file */
    StderrTail tail() {
        return tail;
    }

    /** @return whether it is still open (neither finished nor closed) */
    synchronized boolean isOpen() {
        return err != null;
    }

    /** @return the next byte of the {@code .err} file to read: its size when followed, for a new log */
    synchronized long position() {
        return position;
    }

    /**
     * Reads what was appended to the {@code .err} file since the last poll into the tail, and
     * rotates a file that has reached the size limit.
     *
     * @param buffer a heap buffer of the caller's, at least a few KiB
     * @throws IOException when the {@code .err} file cannot be read
     */
    synchronized void poll(ByteBuffer buffer) throws IOException {
        if (err == null || end != Long.MAX_VALUE) {
            // finished, or superseded after the follower took its round: the newer log owns the files
            return;
        }
        long size = err.size();
        if (size < position) {
            // truncated by someone else (an outside copytruncate): the worker writes from 0 again
            position = 0;
        }
        if (size >= errRotateAt) {
            try {
                long copied = rotation.rotate(err, errFile);
                // what arrived since the last read is in the copy now: the tail must not miss it
                feedFromRotated(buffer, copied);
                position = 0;
                errRotateAt = maxBytes;
            } catch (IOException e) {
                // e.g. a full disk: try again only when the file has grown by another limit
                errRotateAt = size + maxBytes;
                reportFailure("cannot rotate " + errFile, e);
            }
        }
        position = feed(err, position, err.size(), buffer);
        long outSize = out.size();
        if (outSize >= outRotateAt) {
            try {
                rotation.rotate(out, outFile);
                outRotateAt = maxBytes;
            } catch (IOException e) {
                outRotateAt = outSize + maxBytes;
                reportFailure("cannot rotate " + outFile, e);
            }
        }
    }

    /**
     * Marks the end of this incarnation's output: a newer incarnation of the same slot now owns
     * the files, so this log stops at {@code newStart} and no longer rotates (it is no longer
     * polled).
     *
     * @param newStart the newer incarnation's start position in the {@code .err} file
     */
    synchronized void supersede(long newStart) {
        end = newStart;
    }

    /**
     * Reads the rest of the {@code .err} file into the tail once, synchronously, ends the tail's
     * last line, and closes the files. Called when the worker has exited, so that the exit
     * reason carries its last words. Never throws: a read failure only loses those words.
     */
    synchronized void finish() {
        if (err == null) {
            return;
        }
        try {
            long size = Math.min(err.size(), end);
            if (size < position && end == Long.MAX_VALUE) {
                position = 0; // truncated by someone else since the last poll
            }
            if (size > position) {
                position = feed(err, position, size, ByteBuffer.allocate(CHUNK_BYTES));
            }
        } catch (IOException e) {
            LOG.debug("cannot read the rest of {}", errFile, e);
        }
        tail.finish();
        close();
    }

    /** Stops following without reading further, e.g. when the monitor closes and leaves the worker running. */
    synchronized void close() {
        if (err == null) {
            return;
        }
        closeQuietly(err);
        closeQuietly(out);
        err = null;
        out = null;
    }

    /** Logs a failure of this log's poll: the first at WARN, the rest at DEBUG (it would repeat every poll). */
    synchronized void reportFailure(String what, Throwable e) {
        if (!failureLogged) {
            failureLogged = true;
            LOG.warn("{}: {} (further failures of this file are logged at DEBUG)", what, CauseChain.of(e));
        }
        LOG.debug("{}", what, e);
    }

    /** Feeds the bytes that the last rotation copied but this log had not read yet. */
    private void feedFromRotated(ByteBuffer buffer, long copied) throws IOException {
        if (copied <= position) {
            return;
        }
        try (FileChannel rotated = FileChannel.open(CopyTruncateRotation.numbered(errFile, 1), StandardOpenOption.READ)) {
            feed(rotated, position, copied, buffer);
        }
    }

    /** @return the position after the last byte read: {@code to}, unless the file ended earlier */
    private long feed(FileChannel channel, long from, long to, ByteBuffer buffer) throws IOException {
        long at = from;
        while (at < to) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), to - at));
            int count = channel.read(buffer, at);
            if (count <= 0) {
                break;
            }
            tail.accept(buffer.array(), buffer.arrayOffset(), count);
            at += count;
        }
        return at;
    }

    private void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("cannot close a channel on {}", errFile, e);
        }
    }
}
