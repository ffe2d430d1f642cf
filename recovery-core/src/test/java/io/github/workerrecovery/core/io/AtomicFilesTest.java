package io.github.workerrecovery.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void writeCreatesParentsAndReplacesTheTargetLeavingNoTempFile() throws IOException {
        Path target = dir.resolve("a/b/state.json");

        AtomicFiles.write(target, bytes("first"));
        AtomicFiles.write(target, bytes("second"));

        assertThat(Files.readString(target)).isEqualTo("second");
        assertThat(names(target.getParent())).containsExactly("state.json");
    }

    @Test
    void writeWithPermissionsGivesTheTargetExactlyThose() throws IOException {
        Path target = dir.resolve("data/control.json");
        AtomicFiles.write(target, bytes("open"));
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");

        AtomicFiles.write(target, bytes("secret"), ownerOnly);

        assertThat(Files.readString(target)).isEqualTo("secret");
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(ownerOnly);
        assertThat(names(target.getParent())).containsExactly("control.json");
    }

    @Test
    void failedWriteLeavesTheTargetUntouchedAndRemovesTheTempFile() throws IOException {
        // A non-empty directory cannot be replaced by a file, so the rename fails.
        Path target = dir.resolve("state.json");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "evidence");

        assertThatThrownBy(() -> AtomicFiles.write(target, bytes("new"))).isInstanceOf(IOException.class);

        assertThat(names(dir)).containsExactly("state.json");
        assertThat(Files.readString(target.resolve("keep.txt"))).isEqualTo("evidence");
    }

    @Test
    void moveAsideNeverOverwritesAnEarlierAsideFile() throws IOException {
        Path file = dir.resolve("recovery_strategies.json");
        Files.writeString(file, "first bad");
        Path firstAside = AtomicFiles.moveAside(file, NOW);
        Files.writeString(file, "second bad");
        Path secondAside = AtomicFiles.moveAside(file, NOW);

        assertThat(firstAside).isEqualTo(dir.resolve("recovery_strategies.json.corrupt-20260101T000000Z"));
        assertThat(secondAside).isEqualTo(dir.resolve("recovery_strategies.json.corrupt-20260101T000000Z-1"));
        assertThat(Files.readString(firstAside)).isEqualTo("first bad");
        assertThat(Files.readString(secondAside)).isEqualTo("second bad");
        assertThat(file).doesNotExist();
    }

    @Test
    void moveAsideOfAMissingFileFails() {
        assertThatThrownBy(() -> AtomicFiles.moveAside(dir.resolve("absent.json"), NOW))
                .isInstanceOf(NoSuchFileException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
