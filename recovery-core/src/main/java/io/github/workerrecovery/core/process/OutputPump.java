package io.github.workerrecovery.core.process;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one output stream of a worker, in raw chunks, into its rotating log file (and, for
 * stderr, into the in-memory tail) on its own daemon thread. A silent worker just leaves the
 * thread blocked in {@code read}; at end of stream (all writers of the pipe gone) the thread
 * closes the file and ends by itself.
 *
 * <p>The pump never stops reading because the file failed: a worker blocked on a full pipe
 * would be a worse outcome than lost log bytes.
 */
final class OutputPump implements Runnable {

    /** Bytes read per call; a pipe holds 64 KiB, so a few reads empty it. */
    static final int CHUNK_BYTES = 8 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);

    private final String name;
    private final InputStream in;
    private final RotatingLogFile file;
    private final Optional<StderrTail> tail;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    /**
     * @param name thread name, e.g. {@code err-worker#0}
     * @param in the stream from the process
     * @param file where the bytes go; closed by the pump at the end
     * @param tail where stderr lines go, empty for stdout
     */
    OutputPump(String name, InputStream in, RotatingLogFile file, Optional<StderrTail> tail) {
        this.name = name;
        this.in = in;
        this.file = file;
        this.tail = tail;
    }

    /** Starts the daemon thread. */
    void start() {
        Thread thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** @return completes when the stream has ended and the file is closed */
    CompletableFuture<Void> finished() {
        return finished;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[CHUNK_BYTES];
        boolean writeFailureLogged = false;
        try {
            int count;
            while ((count = in.read(buffer)) >= 0) {
                try {
                    file.write(buffer, 0, count);
                } catch (IOException e) {
                    // e.g. a full disk: log once loudly, keep draining so the worker never blocks
                    if (!writeFailureLogged) {
                        writeFailureLogged = true;
                        LOG.warn("{}: cannot write {}, output is being dropped: {}", name, file.file(), e.toString());
                    } else {
                        LOG.debug("{}: cannot write {}: {}", name, file.file(), e.toString());
                    }
                }
                if (tail.isPresent()) {
                    tail.get().accept(buffer, 0, count);
                }
            }
        } catch (IOException e) {
            // the stream was closed under us (the JDK closes it after the process exits): end of output
            LOG.debug("{}: stream ended: {}", name, e.toString());
        } finally {
            tail.ifPresent(StderrTail::finish);
            try {
                file.close();
            } catch (IOException e) {
                LOG.warn("{}: cannot close {}: {}", name, file.file(), e.toString());
            }
            try {
                in.close();
            } catch (IOException e) {
                LOG.debug("{}: cannot close stream: {}", name, e.toString());
            }
            finished.complete(null);
        }
    }
}
