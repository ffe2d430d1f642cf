package io.github.workerrecovery.bench;

import io.github.workerrecovery.api.DurationText;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The named pipe every worker writes {@code ready <pid>} into as its first act, and the one
 * daemon thread that reads it and stamps each line with {@link System#nanoTime()} the moment it
 * arrives. All three contenders are measured through this same path, so its own cost (a pipe
 * write and a thread wake-up, microseconds) is the same for each and cancels out of the
 * comparison.
 *
 * <p>The driver opens the pipe for reading <em>and</em> writing: a FIFO reader sees end of file
 * whenever the last writer closes it, i.e. after every worker's {@code echo}; holding a write end
 * itself keeps the pipe open across workers. It also lets {@link #close()} wake the reader.
 */
final class ReadyPipe implements AutoCloseable {

    /** A line and when it arrived. */
    record Arrival(long nanos, String line) {

        /**
         * @return the pid in a {@code ready <pid>} line
         * @throws IllegalStateException when the line is not one
         */
        long pid() {
            if (!line.startsWith("ready ")) {
                throw new IllegalStateException("unexpected line from a worker: '" + line + "'");
            }
            try {
                return Long.parseLong(line.substring("ready ".length()).strip());
            } catch (NumberFormatException e) {
                throw new IllegalStateException("unexpected line from a worker: '" + line + "'", e);
            }
        }
    }

    /** Written by {@link #close()} to end the reader; a worker never writes it. */
    private static final String STOP = "stop-reader";

    private final Path path;
    private final RandomAccessFile file;
    private final BlockingQueue<Arrival> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    private ReadyPipe(Path path, RandomAccessFile file) {
        this.path = path;
        this.file = file;
        this.reader = new Thread(this::readLines, "ready-pipe-reader");
        this.reader.setDaemon(true);
    }

    /**
     * Creates the FIFO with {@code mkfifo} (the JDK has no call for it) and starts the reader.
     *
     * @param path where the FIFO goes; must not exist
     * @return the open pipe
     * @throws IOException when {@code mkfifo} fails or the pipe cannot be opened
     * @throws InterruptedException when interrupted while {@code mkfifo} runs
     */
    static ReadyPipe create(Path path) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", path.toString())
                .redirectErrorStream(true).start();
        mkfifo.getOutputStream().close();
        String output = new String(mkfifo.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!mkfifo.waitFor(10, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
            mkfifo.destroyForcibly();
            throw new IOException("mkfifo " + path + " failed: " + output);
        }
        // "rw": on Linux opening a FIFO for both never blocks and never reaches end of file
        ReadyPipe pipe = new ReadyPipe(path, new RandomAccessFile(path.toFile(), "rw"));
        pipe.reader.start();
        return pipe;
    }

    /** @return the FIFO's path, the worker's argument */
    Path path() {
        return path;
    }

    private void readLines() {
        // a reader over the same descriptor: buffered, unlike RandomAccessFile.readLine's byte reads
        BufferedReader in;
        try {
            in = new BufferedReader(new InputStreamReader(new FileInputStream(file.getFD()), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
        try {
            String line;
            while ((line = in.readLine()) != null) {
                long now = System.nanoTime();
                if (STOP.equals(line)) {
                    return;
                }
                lines.add(new Arrival(now, line));
            }
        } catch (IOException e) {
            // closed under us: nothing more to read
        }
    }

    /**
     * @param timeout how long to wait
     * @return the next line
     * @throws IllegalStateException when no line came in time
     * @throws InterruptedException when interrupted while waiting
     */
    Arrival await(Duration timeout) throws InterruptedException {
        Arrival a = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (a == null) {
            throw new IllegalStateException("no 'ready' line from a worker within " + DurationText.format(timeout));
        }
        return a;
    }

    /** Forgets lines that arrived earlier, so the next {@link #await} sees only new ones. */
    void clear() {
        lines.clear();
    }

    /** Ends the reader, closes the pipe and deletes the FIFO. */
    @Override
    public void close() throws IOException {
        try {
            file.write((STOP + "\n").getBytes(StandardCharsets.US_ASCII));
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            // the reader is a daemon blocked on a pipe about to be closed: not worth waiting for
            Thread.currentThread().interrupt();
        } finally {
            file.close();
            Files.deleteIfExists(path);
        }
    }
}
