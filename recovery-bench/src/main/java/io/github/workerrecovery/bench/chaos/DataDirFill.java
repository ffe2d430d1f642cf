package io.github.workerrecovery.bench.chaos;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's {@code data/} directory on a small tmpfs of its own ({@code mount -t tmpfs -o
 * size=4m}), which the soak fills to the last byte for a while and then frees. Needs root (or
 * CAP_SYS_ADMIN); where mounting is refused, {@link #mount} says why and the soak goes on without it.
 */
final class DataDirFill {

    private final Path dataDir;
    private final Path filler;
    private boolean mounted;

    DataDirFill(Path dataDir) {
        this.dataDir = dataDir;
        this.filler = dataDir.resolve("chaos-filler");
    }

    /** @return empty when mounted, else why not */
    Optional<String> mount(String size) throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        String out = exec("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", dataDir.toString());
        if (out != null) {
            return Optional.of("mount -t tmpfs refused: " + out);
        }
        mounted = true;
        return Optional.empty();
    }

    boolean mounted() {
        return mounted;
    }

    /** Writes until the file system says it is full. @return the bytes written */
    long fill() throws IOException {
        long written = 0;
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException full) {
            // expected: ENOSPC; now top up byte by byte blocks of 512 so that not even a short line fits
            try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
                byte[] small = new byte[512];
                while (true) {
                    out.write(small);
                    out.flush();
                    written += small.length;
                }
            } catch (IOException fullAgain) {
                return written;
            }
        }
    }

    /** @return bytes free now */
    long free() throws IOException {
        FileStore store = Files.getFileStore(dataDir);
        return store.getUsableSpace();
    }

    void release() throws IOException {
        Files.deleteIfExists(filler);
    }

    /** Copies what the daemon left in the tmpfs to {@code keep}, then unmounts it. */
    void unmount(Path keep) throws IOException, InterruptedException {
        if (!mounted) {
            return;
        }
        release();
        Files.createDirectories(keep);
        try (var files = Files.list(dataDir)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, keep.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        String out = exec("umount", dataDir.toString());
        if (out != null) {
            throw new IOException("umount " + dataDir + " failed: " + out);
        }
        mounted = false;
    }

    /** @return null when the command succeeded, else its output */
    private static String exec(String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(command));
        for (String dir : List.of("/usr/bin/", "/bin/", "/usr/sbin/", "/sbin/")) {
            if (Files.isExecutable(Path.of(dir + command[0]))) {
                argv.set(0, dir + command[0]);
                break;
            }
        }
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return command[0] + " did not return in 30 s";
        }
        return p.exitValue() == 0 ? null : out.isEmpty() ? "exit code " + p.exitValue() : out;
    }
}
