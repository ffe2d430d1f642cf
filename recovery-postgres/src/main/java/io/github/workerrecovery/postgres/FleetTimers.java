package io.github.workerrecovery.postgres;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The fleet's background jobs each run on one named daemon thread of their own. */
final class FleetTimers {

    private FleetTimers() {
    }

    /**
     * @param name the thread's name, e.g. {@code fleet-membership}
     * @return a single-threaded scheduler whose thread does not keep the JVM alive
     */
    static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
