package io.github.workerrecovery.oshi;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Processes a test starts and must not leave behind: {@link #close()} kills them and their trees. */
final class ChildProcesses implements AutoCloseable {

    private final List<ProcessHandle> started = new ArrayList<>();

    /**
     * Starts a process and waits until it runs its own program (the JDK spawns through
     * {@code jspawnhelper}, which execs it a moment later: until then the pid shows the helper).
     *
     * @param command the argument list
     * @return the started process, output discarded
     * @throws IOException when it cannot be started
     */
    Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        started.add(p.toHandle());
        await().atMost(Duration.ofSeconds(10)).until(() -> !p.isAlive()
                || p.info().command().map(c -> !c.endsWith("jspawnhelper")).orElse(false));
        return p;
    }

    /** @param pid also kill this one (and its tree) at the end */
    void track(long pid) {
        ProcessHandle.of(pid).ifPresent(started::add);
    }

    /** @return the path of a script under {@code src/test/resources/workers} */
    static String script(String name) {
        try {
            return Path.of(ChildProcesses.class.getResource("/workers/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (ProcessHandle p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
