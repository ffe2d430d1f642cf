package io.github.workerrecovery.web.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The last lines of a process worker's stderr log, read from the end of the file the runtime
 * writes ({@code <home>/logs/<worker>.err} for slot 0, {@code <worker>-<slot>.err} for the
 * others). Reads at most {@value #MAX_BYTES} bytes, so a huge log costs no more than a small one;
 * malformed bytes become replacement characters.
 */
final class StderrTail {

    static final int MAX_BYTES = 64 * 1024;
    static final int MAX_LINES = 100;

    private StderrTail() {
    }

    /**
     * @param home the engine's home
     * @param worker the worker id
     * @param slot the slot
     * @return the log's path
     */
    static Path file(Path home, String worker, int slot) {
        return home.resolve("logs").resolve(slot == 0 ? worker + ".err" : worker + "-" + slot + ".err");
    }

    /**
     * @param file a log
     * @return its last lines, oldest first; none when it does not exist
     * @throws IOException when it exists but cannot be read
     */
    static List<String> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        byte[] bytes;
        boolean cut;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int n = (int) Math.min(length, MAX_BYTES);
            cut = length > n;
            bytes = new byte[n];
            raf.seek(length - n);
            raf.readFully(bytes);
        }
        List<String> lines = new ArrayList<>(List.of(new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        if (cut && !lines.isEmpty()) {
            // the first line read is the end of a longer one
            lines.remove(0);
        }
        return List.copyOf(lines.subList(Math.max(0, lines.size() - MAX_LINES), lines.size()));
    }
}
