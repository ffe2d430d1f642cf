package io.github.workerrecovery.core.process.workers;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A process started "outside the library" for discovery tests: a shell forks it into the
 * background and exits, so it is not a child of the test JVM (it is re-parented, as a daemon
 * would be). Its command line carries a unique marker: {@code /bin/sh .../discoverable.sh <marker>}.
 * {@link #close()} kills it and the {@code sleep} it runs.
 */
public final class ForeignProcess implements AutoCloseable {

    private final String marker;
    private final ProcessHandle handle;

    private ForeignProcess(String marker, ProcessHandle handle) {
        this.marker = marker;
        this.handle = handle;
    }

    /**
     * @param marker text on its command line, e.g. {@code discover-me-<uuid>}
     * @return the running process
     * @throws Exception when it could not be started
     */
    public static ForeignProcess start(String marker) throws Exception {
        Process outer = new ProcessBuilder("/bin/sh", "-c", "/bin/sh \"$0\" \"$1\" >/dev/null 2>&1 </dev/null & echo $!",
                script(), marker).redirectErrorStream(true).start();
        outer.getOutputStream().close();
        String pid = new String(outer.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!outer.waitFor(10, TimeUnit.SECONDS)) {
            outer.destroyForcibly();
            throw new IOException("the launching shell did not exit");
        }
        ProcessHandle handle = ProcessHandle.of(Long.parseLong(pid))
                .orElseThrow(() -> new IOException("process " + pid + " is already gone"));
        return new ForeignProcess(marker, handle);
    }

    /** @return a unique marker for a test's command-line pattern */
    public static String uniqueMarker() {
        return "discover-me-" + UUID.randomUUID();
    }

    /** @return the script every foreign process runs */
    public static String script() {
        try {
            return Path.of(ForeignProcess.class.getResource("/workers/discoverable.sh").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return its marker */
    public String marker() {
        return marker;
    }

    /** @return the process */
    public ProcessHandle handle() {
        return handle;
    }

    /** @return its pid */
    public long pid() {
        return handle.pid();
    }

    /** Kills it and its {@code sleep}. */
    @Override
    public void close() {
        handle.descendants().forEach(ProcessHandle::destroyForcibly);
        handle.destroyForcibly();
    }
}
