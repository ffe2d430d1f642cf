package io.github.workerrecovery.core.store;

import io.github.workerrecovery.core.io.AtomicFiles;
import io.github.workerrecovery.json.RecoveryOutcomeDto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The end of a history file that a crash cut short: a last line without its newline. A whole
 * record there is kept (only its newline is missing); anything else is copied to
 * {@code <name>.corrupt-<timestamp>} and then cut from the file, so that no later append follows
 * it and no reader skips it again. The copy is forced to disk before the cut: the bytes are never
 * lost, at worst (a crash between the two) they are set aside twice.
 */
final class TornHistoryTail {

    private TornHistoryTail() {
    }

    /**
     * @param file the history file
     * @param tailStart the offset just after its last newline (0 when it has none)
     * @param now the time to stamp the copy's name with
     * @return the copy, when the tail was set aside; empty when it is a whole record
     * @throws IOException when the tail cannot be read, copied or cut (the file is then as it was,
     *     or with a copy of the tail beside it)
     */
    static Optional<Path> setAside(Path file, long tailStart, Instant now) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size - tailStart > Integer.MAX_VALUE - 8) {
                throw new IOException("the last line of " + file + " is " + (size - tailStart) + " bytes long");
            }
            ByteBuffer tail = ByteBuffer.allocate((int) (size - tailStart));
            while (tail.hasRemaining() && channel.read(tail, tailStart + tail.position()) >= 0) {
                // read until the buffer is full
            }
            byte[] bytes = tail.array();
            if (wholeRecord(bytes)) {
                return Optional.empty();
            }
            Path aside = AtomicFiles.writeAside(file, bytes, now);
            channel.truncate(tailStart);
            channel.force(true);
            return Optional.of(aside);
        }
    }

    private static boolean wholeRecord(byte[] bytes) {
        try {
            RecoveryOutcomeDto.readLine(new String(bytes, StandardCharsets.UTF_8));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
