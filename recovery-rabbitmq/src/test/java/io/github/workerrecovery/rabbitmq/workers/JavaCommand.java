package io.github.workerrecovery.rabbitmq.workers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The command that runs a worker main of these tests in a new JVM, on the test classpath. */
public final class JavaCommand {

    /** Flags that make a small worker JVM start faster. */
    private static final List<String> QUICK_JVM_FLAGS =
            List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xmx64m");

    private JavaCommand() {
    }

    /**
     * @param main the worker's main class
     * @param args its arguments
     * @return the argument list
     */
    public static List<String> of(Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(QUICK_JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(Arrays.asList(args));
        return command;
    }
}
