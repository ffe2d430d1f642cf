package io.github.workerrecovery.core.process.workers;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A worker program for the process tests, run in its own JVM. Its arguments are steps done in
 * order, then it exits with code 0:
 * <ul>
 *   <li>{@code print-pid} prints {@code pid <its pid>} on stdout;</li>
 *   <li>{@code stdout <text>} / {@code stderr <text>} print a line;</li>
 *   <li>{@code crash-after <ms>} sleeps, prints {@code fatal: crashing on purpose} on stderr and
 *   exits with code 3;</li>
 *   <li>{@code exit <code>} exits with that code;</li>
 *   <li>{@code fork-children <n>} starts {@code n} copies of itself that stay {@code silent},
 *   printing {@code child <pid>} for each;</li>
 *   <li>{@code fork-orphan} starts a copy of itself that starts a silent grandchild, prints
 *   {@code child <grandchild pid>} and exits at once; waits for that copy to end, so the
 *   grandchild has been re-parented when the step is over;</li>
 *   <li>{@code spam-stderr <lines>} prints that many 100-byte lines on stderr;</li>
 *   <li>{@code spam-stderr-paced <lines> <ms>} prints the same lines with a pause after each;</li>
 *   <li>{@code huge-line <bytes>} prints that many {@code x} and a newline on stderr;</li>
 *   <li>{@code binary <bytes>} prints that many random bytes (fixed seed) and a newline on stderr;</li>
 *   <li>{@code silent} sleeps forever without a word.</li>
 * </ul>
 * Output is written as raw bytes, unbuffered, so a test knows exactly how many bytes went out.
 */
public final class TestWorker {

    /** Flags that make a short-lived test JVM start faster. */
    private static final List<String> QUICK_JVM_FLAGS =
            List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xmx64m");

    private static final OutputStream OUT = new FileOutputStream(FileDescriptor.out);
    private static final OutputStream ERR = new FileOutputStream(FileDescriptor.err);

    private TestWorker() {
    }

    /**
     * The command that runs this program with the given steps, using the current JVM.
     *
     * @param steps the steps
     * @return the argument list
     */
    public static List<String> command(String... steps) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(QUICK_JVM_FLAGS);
        command.add("-cp");
        command.add(classesDir());
        command.add(TestWorker.class.getName());
        command.addAll(Arrays.asList(steps));
        return command;
    }

    /**
     * Runs the steps.
     *
     * @param args the steps
     * @throws Exception when a step fails
     */
    public static void main(String[] args) throws Exception {
        for (int index = 0; index < args.length; index++) {
            switch (args[index]) {
                case "print-pid" -> line(OUT, "pid " + ProcessHandle.current().pid());
                case "stdout" -> line(OUT, args[++index]);
                case "stderr" -> line(ERR, args[++index]);
                case "crash-after" -> {
                    Thread.sleep(Long.parseLong(args[++index]));
                    line(ERR, "fatal: crashing on purpose");
                    System.exit(3);
                }
                case "exit" -> System.exit(Integer.parseInt(args[++index]));
                case "fork-children" -> {
                    int children = Integer.parseInt(args[++index]);
                    for (int child = 0; child < children; child++) {
                        Process process = new ProcessBuilder(command("silent")).inheritIO().start();
                        line(OUT, "child " + process.pid());
                    }
                }
                case "fork-orphan" -> new ProcessBuilder(command("spawn-orphan")).inheritIO().start().waitFor();
                case "spawn-orphan" -> {
                    Process grandchild = new ProcessBuilder(command("silent")).inheritIO().start();
                    line(OUT, "child " + grandchild.pid());
                    System.exit(0);
                }
                case "spam-stderr" -> spam(Integer.parseInt(args[++index]), 0);
                case "spam-stderr-paced" -> {
                    int lines = Integer.parseInt(args[++index]);
                    spam(lines, Long.parseLong(args[++index]));
                }
                case "huge-line" -> {
                    byte[] chunk = new byte[64 * 1024];
                    Arrays.fill(chunk, (byte) 'x');
                    writeRepeated(chunk, Long.parseLong(args[++index]));
                    ERR.write('\n');
                }
                case "binary" -> {
                    byte[] chunk = new byte[64 * 1024];
                    new Random(42).nextBytes(chunk);
                    writeRepeated(chunk, Long.parseLong(args[++index]));
                    ERR.write('\n');
                }
                case "silent" -> Thread.sleep(Long.MAX_VALUE);
                default -> throw new IllegalArgumentException("unknown step: " + args[index]);
            }
        }
        System.exit(0);
    }

    private static void spam(int lines, long pauseMs) throws Exception {
        for (int number = 0; number < lines; number++) {
            String text = String.format("spam line %06d ", number);
            line(ERR, text + "y".repeat(99 - text.length()));
            if (pauseMs > 0) {
                Thread.sleep(pauseMs);
            }
        }
    }

    private static void writeRepeated(byte[] chunk, long total) throws IOException {
        for (long written = 0; written < total; ) {
            int length = (int) Math.min(chunk.length, total - written);
            ERR.write(chunk, 0, length);
            written += length;
        }
    }

    private static void line(OutputStream stream, String text) throws IOException {
        // one write per line: lines of several processes sharing a pipe never interleave
        stream.write((text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String classesDir() {
        try {
            // the test-classes directory itself: surefire's java.class.path is only its booter jar
            return Path.of(TestWorker.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
