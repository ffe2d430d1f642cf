package io.github.workerrecovery.core.process;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Rotates a log file that a worker keeps open with {@code O_APPEND}, by copy then truncate:
 * {@code name.<maxFiles-1>} … {@code name.1} are shifted up one number ({@code name.<maxFiles>}
 * is dropped), the live file's bytes are copied to a new {@code name.1}, and the live file is
 * truncated to 0 at once. The worker's next write then lands at offset 0 of the same file.
 * Renaming the live file instead would not work: the worker would go on writing into the
 * renamed file through the descriptor it holds.
 *
 * <p>The cost of copytruncate (the same as logrotate's {@code copytruncate}): bytes written
 * between the end of the copy and the truncate are lost, and a line being written at that
 * moment can end {@code name.1} half-written. The copy runs until it finds no new byte and the
 * truncate follows straight away, so the window is the few microseconds between two system
 * calls; no portable Java call can close it (that would take {@code fallocate} with
 * {@code FALLOC_FL_COLLAPSE_RANGE}).
 *
 * <p>Stateless; the caller serialises rotations of one file.
 */
final class CopyTruncateRotation {

    private final int maxFiles;

    /** @param maxFiles rotated files kept, {@code >= 1} */
    CopyTruncateRotation(int maxFiles) {
        if (maxFiles < 1) {
            throw new IllegalArgumentException("maxFiles must be >= 1 but was " + maxFiles);
        }
        this.maxFiles = maxFiles;
    }

    /**
     * Rotates {@code file} once.
     *
     * @param live a channel on {@code file}, open for reading and writing
     * @param file the live file's path, to name the rotated ones
     * @return how many bytes were copied to {@code name.1} (the live file's size just before the
     *     truncate)
     * @throws IOException when a rename, the copy or the truncate failed; a failed copy or
     *     truncate leaves the live file untouched and removes {@code name.1}
     */
    long rotate(FileChannel live, Path file) throws IOException {
        for (int index = maxFiles - 1; index >= 1; index--) {
            Path older = numbered(file, index);
            if (Files.exists(older)) {
                Files.move(older, numbered(file, index + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path first = numbered(file, 1);
        try (FileChannel copy = FileChannel.open(first, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long copied = 0;
            long moved;
            // transferTo returns 0 only at the end of the file: loop until nothing new is found
            while ((moved = live.transferTo(copied, Long.MAX_VALUE - copied, copy)) > 0) {
                copied += moved;
            }
            // right after the copy: every byte written from here until the truncate is lost
            live.truncate(0);
            return copied;
        } catch (IOException e) {
            // the live file still holds every byte: no half copy is left to be shifted up later
            Files.deleteIfExists(first);
            throw e;
        }
    }

    /**
     * @param file a live log file
     * @param index a rotation number, {@code >= 1}
     * @return {@code file.<index>}
     */
    static Path numbered(Path file, int index) {
        return file.resolveSibling(file.getFileName() + "." + index);
    }
}
