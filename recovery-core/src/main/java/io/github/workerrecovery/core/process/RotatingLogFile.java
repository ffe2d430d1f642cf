package io.github.workerrecovery.core.process;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An append-only log file rotated by size: when a write makes it reach {@code maxBytes},
 * {@code name} becomes {@code name.1}, {@code name.1} becomes {@code name.2} … and
 * {@code name.<maxFiles>} is dropped. Bytes are written unbuffered and unchanged, so the file
 * holds exactly what the worker wrote (a file may exceed {@code maxBytes} by one write). Used by
 * one pump thread only; not thread-safe.
 */
final class RotatingLogFile implements Closeable {

    private final Path file;
    private final long maxBytes;
    private final int maxFiles;
    private OutputStream out;
    private long size;

    /**
     * Opens (creating or appending to) the file.
     *
     * @throws IOException when it cannot be opened
     */
    RotatingLogFile(Path file, long maxBytes, int maxFiles) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
        open();
    }

    /** @return the current file */
    Path file() {
        return file;
    }

    /**
     * Appends bytes, then rotates when the file has reached its size limit.
     *
     * @throws IOException when writing or rotating failed
     */
    void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        size += length;
        if (size >= maxBytes) {
            rotate();
        }
    }

    private void rotate() throws IOException {
        out.close();
        try {
            for (int index = maxFiles - 1; index >= 1; index--) {
                Path older = numbered(index);
                if (Files.exists(older)) {
                    Files.move(older, numbered(index + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            // a failed rename must not leave the stream closed: keep writing to the current file
            open();
        }
    }

    private Path numbered(int index) {
        return file.resolveSibling(file.getFileName() + "." + index);
    }

    private void open() throws IOException {
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        size = Files.size(file);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
