package io.github.workerrecovery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code worker-recovery} for the tests: client commands in this JVM through
 * {@link Main#run(PrintWriter, PrintWriter, String...)}, and the daemon as a real separate
 * process ({@code java -cp <this class path> io.github.workerrecovery.cli.Main ...}).
 */
final class Cli {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Cli() {
    }

    /** What a command printed and returned. */
    record Result(int exitCode, String out, String err) {

        List<String> errLines() {
            return err.lines().toList();
        }

        JsonNode json() throws IOException {
            return MAPPER.readTree(out);
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs the command in its own JVM and waits for it to exit. */
    static Result runProcess(Path workDir, Duration timeout, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "cli", ".out");
        Path err = Files.createTempFile(workDir, "cli", ".err");
        Process process = start(workDir, out, err, args);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("worker-recovery " + String.join(" ", args) + " did not exit within " + timeout
                    + "; stdout: " + Files.readString(out) + " stderr: " + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Starts the command in its own JVM, stdout and stderr into {@code output}, and returns at once. */
    static Process startProcess(Path workDir, Path output, String... args) throws IOException {
        return start(workDir, output, output, args);
    }

    private static Process start(Path workDir, Path out, Path err, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
        if (out.equals(err)) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
        }
        return builder.start();
    }

    /** Stack frames look like this in a printed trace; no command may ever print one. */
    static final String STACK_FRAME = "\tat ";
}
