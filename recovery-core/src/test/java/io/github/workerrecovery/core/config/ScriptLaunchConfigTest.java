package io.github.workerrecovery.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigException;
import io.github.workerrecovery.core.WorkerLaunch;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code script:}: found when the config is built, with the same words from a file and from code. */
class ScriptLaunchConfigTest {

    @TempDir
    Path dir;

    private static RecoveryConfigException problemsOf(Runnable build) {
        try {
            build.run();
        } catch (RecoveryConfigException e) {
            return e;
        }
        throw new AssertionError("the config was accepted");
    }

    @Test
    void aMissingScriptIsOneProblemNamingTheWorkerAndThePathFromAFileAndFromCode() {
        Path missing = dir.resolve("workers/missing.sh");

        RecoveryConfigException fromFile = problemsOf(() -> RecoveryConfig.parse("""
                workers:
                  w:
                    script: workers/missing.sh
                """, dir).build());
        RecoveryConfigException fromCode = problemsOf(() -> RecoveryConfig.builder()
                .worker(WorkerSpec.builder("w").script(missing).build()).build());

        assertThat(fromFile.problems()).containsExactly("workers.w.script: " + missing + " does not exist");
        assertThat(fromCode.problems()).isEqualTo(fromFile.problems());
        assertThat(fromFile).hasMessage("invalid recovery config: workers.w.script: " + missing + " does not exist");
    }

    @Test
    void aDirectoryOrAFileThatNeitherRunsItselfNorNamesAnInterpreterIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("job.sh"));
        Files.writeString(dir.resolve("job"), "echo hi\n");

        assertThat(problemsOf(() -> RecoveryConfig.parse("workers: {a: {script: job.sh}, b: {script: job}}", dir).build()).problems())
                .containsExactly(
                        "workers.a.script: " + dir.resolve("job.sh") + " is a directory, not a script",
                        "workers.b.script: " + dir.resolve("job") + " is not executable and its name does not end in "
                                + ".jar, .py, .sh: make it executable (its #! line then picks the interpreter)");

        Files.setPosixFilePermissions(dir.resolve("job"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(RecoveryConfig.parse("workers: {b: {script: job}}", dir).build().workers()).hasSize(1);
    }

    @Test
    void aScriptIsReadRelativeToTheFileWithItsArgumentsAndARelativeOneFromCodeToTheWorkingDirectory() throws Exception {
        Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("bin/run.PY"), "print('hi')\n");

        WorkerSpec w = RecoveryConfig.parse("workers: {w: {script: bin/run.PY, args: [--id, '7']}}", dir).build().workers().get(0);
        WorkerSpec fromCode = RecoveryConfig.builder().worker(WorkerSpec.builder("w").workingDir(dir)
                .script(Path.of("bin/run.PY"), "--id", "7").build()).build().workers().get(0);

        WorkerLaunch.ScriptLaunch launch = (WorkerLaunch.ScriptLaunch) w.launch();
        assertThat(launch).isEqualTo(new WorkerLaunch.ScriptLaunch(dir.resolve("bin/run.PY"), List.of("--id", "7")));
        assertThat(launch.interpreter()).containsExactly("python3");
        assertThat(((WorkerLaunch.ScriptLaunch) fromCode.launch()).resolve(fromCode.workingDir()))
                .isEqualTo(dir.resolve("bin/run.PY"));
        assertThat(new WorkerLaunch.ScriptLaunch(Path.of("x.jar"), List.of()).interpreter()).containsExactly("java", "-jar");
        assertThat(new WorkerLaunch.ScriptLaunch(Path.of("x.rb"), List.of()).resolve(Optional.empty()))
                .isEqualTo(Path.of("x.rb").toAbsolutePath());
    }

    @Test
    void scriptAndCommandTogetherAreOneProblem() throws Exception {
        Files.writeString(dir.resolve("run.sh"), "echo hi\n");

        assertThat(problemsOf(() -> RecoveryConfig.parse("workers: {w: {script: run.sh, command: [sleep, '1']}}", dir).build())
                .problems()).containsExactly("workers.w: give either 'script' or 'command', not both");
    }
}
