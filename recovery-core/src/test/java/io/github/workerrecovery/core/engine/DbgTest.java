package io.github.workerrecovery.core.engine;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbgTest {
    @TempDir
    Path home;

    @Test
    void dbg() throws Exception {
        ControllableWorker.Pool w = new ControllableWorker.Pool();
        try (EngineFixture fx = new EngineFixture()) {
            fx.start(fx.config(home).worker(WorkerSpec.builder("w").inJvm(w).build()).build());
            fx.advance(Duration.ofSeconds(10));
            fx.probe.status("w", HealthStatus.CRITICAL, FailureKind.HIGH_CPU);
            fx.advance(Duration.ofSeconds(30));
            Thread.sleep(500);
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                if (e.getKey().getName().startsWith("manual") || e.getKey().getName().startsWith("worker")) {
                    System.out.println("THREAD " + e.getKey().getName() + " " + e.getKey().getState());
                    for (StackTraceElement s : e.getValue()) {
                        System.out.println("    " + s);
                    }
                }
            }
            System.out.println("STATE " + fx.state("w") + " starts " + w.starts() + " ended0 " + w.started.get(0).ended);
        }
    }
}
