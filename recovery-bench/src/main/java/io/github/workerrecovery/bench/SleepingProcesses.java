package io.github.workerrecovery.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Live processes to sample: {@code sleep 3600}, started by this JVM and killed by {@link #close()}
 * (and by a shutdown hook on Ctrl-C), so a run leaves nothing behind.
 */
final class SleepingProcesses implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();
    private final Thread cleanUp = new Thread(this::killAll, "sampling-cost-cleanup");

    private SleepingProcesses() {
    }

    /**
     * @param count how many
     * @return the started processes, each already running {@code sleep}
     * @throws IOException when one cannot be started
     * @throws InterruptedException when interrupted while waiting for them to exec
     */
    static SleepingProcesses start(int count) throws IOException, InterruptedException {
        SleepingProcesses started = new SleepingProcesses();
        Runtime.getRuntime().addShutdownHook(started.cleanUp);
        try {
            for (int i = 0; i < count; i++) {
                Process p = new ProcessBuilder("sleep", "3600").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                p.getOutputStream().close();
                started.processes.add(p);
            }
            started.awaitExec();
        } catch (IOException | InterruptedException | RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    /**
     * The JDK spawns through jspawnhelper, which execs {@code sleep} a moment later: wait for that,
     * so that the processes measured are {@code sleep}, not the helper.
     */
    private void awaitExec() throws InterruptedException {
        for (Process p : processes) {
            while (p.isAlive() && p.info().command().map(c -> c.endsWith("jspawnhelper")).orElse(true)) {
                Thread.sleep(1);
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("sleep (pid " + p.pid() + ") exited at once with " + p.exitValue());
            }
        }
    }

    /**
     * @param count how many, from the first started
     * @return their pids
     * @throws IndexOutOfBoundsException when more are asked for than were started
     */
    long[] pids(int count) {
        return processes.subList(0, count).stream().mapToLong(Process::pid).toArray();
    }

    private void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    /** Kills every process and waits for each to be gone. */
    @Override
    public void close() {
        killAll();
        for (Process p : processes) {
            p.onExit().join();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(cleanUp);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway, harmlessly
        }
    }
}
