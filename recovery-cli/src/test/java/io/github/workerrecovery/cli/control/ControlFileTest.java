package io.github.workerrecovery.cli.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlFileTest {

    private static final String TOKEN = "0123456789abcdef".repeat(4);

    @TempDir
    Path home;

    @Test
    void writtenForTheOwnerOnlyAndReadBack() throws Exception {
        ControlFile written = new ControlFile(4242, 41_234, TOKEN);

        written.write(home);

        assertThat(Files.getPosixFilePermissions(ControlFile.path(home)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(ControlFile.read(home)).contains(written);
        try (var files = Files.list(home.resolve("data"))) {
            assertThat(files).as("no temp file left").containsExactly(ControlFile.path(home));
        }
    }

    @Test
    void theTokenNeverShowsInToString() {
        assertThat(new ControlFile(1, 2, TOKEN).toString()).doesNotContain(TOKEN).contains("pid=1", "port=2", "hidden");
    }

    @Test
    void noFileIsEmptyAndAFileThatIsNotAControlFileIsAnError() throws Exception {
        assertThat(ControlFile.read(home)).isEmpty();

        Files.createDirectories(home.resolve("data"));
        Files.writeString(ControlFile.path(home), "{\"pid\": 1}");
        assertThatThrownBy(() -> ControlFile.read(home)).isInstanceOf(IOException.class).hasMessageContaining("needs pid, port and token");

        Files.writeString(ControlFile.path(home), "{\"pid\": ");
        assertThatThrownBy(() -> ControlFile.read(home)).isInstanceOf(IOException.class).hasMessageContaining("not valid JSON");
    }
}
