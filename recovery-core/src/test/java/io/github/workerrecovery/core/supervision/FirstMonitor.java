package io.github.workerrecovery.core.supervision;

import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.WorkerState;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A monitor in a JVM of its own, for the tests of a monitor that goes away: it starts worker
 * {@code w} from the command given on a home, waits until it is HEALTHY, prints {@code pid <pid>}
 * on stdout, closes with {@code on_shutdown: leave} and exits, taking every descriptor it held
 * with it.
 */
public final class FirstMonitor {

    private FirstMonitor() {
    }

    /**
     * @param args the home, then the worker's command
     */
    public static void main(String[] args) {
        RecoveryConfig config = RecoveryConfig.builder().home(Path.of(args[0])).notifiers(List.of())
                .healthCheckInterval(Duration.ofMillis(100))
                .onShutdown(RecoveryConfig.ShutdownPolicy.LEAVE)
                .worker(WorkerSpec.builder("w").command(Arrays.asList(args).subList(1, args.length)).build())
                .build();
        long pid;
        try (WorkerAutoRecovery monitor = new WorkerAutoRecovery(config)) {
            monitor.startMonitoring();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                List<InstanceStatus> all = monitor.getSystemStatus().instances();
                return all.size() == 1 && all.get(0).state() == WorkerState.HEALTHY && all.get(0).pid().isPresent();
            });
            pid = monitor.getSystemStatus().instances().get(0).pid().getAsLong();
        }
        System.out.println("pid " + pid);
        System.exit(0);
    }
}
