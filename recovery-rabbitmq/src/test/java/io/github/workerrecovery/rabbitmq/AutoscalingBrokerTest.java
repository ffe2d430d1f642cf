package io.github.workerrecovery.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.rabbitmq.workers.JavaCommand;
import io.github.workerrecovery.rabbitmq.workers.QueueConsumerWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backlog autoscaling on the real broker with real worker processes: a published backlog scales
 * the worker up one instance at a time to its maximum, and the drained queue scales it back down
 * to its minimum, without flapping.
 */
@ExtendWith(RealBroker.class)
class AutoscalingBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path home;
    @TempDir
    Path results;

    private BrokerFixture broker;
    private WorkerAutoRecovery recovery;

    @AfterEach
    void tearDown() throws Exception {
        if (recovery != null) {
            recovery.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aBacklogScalesUpToTheMaximumAndTheDrainedQueueBackDownToTheMinimum() throws Exception {
        broker = new BrokerFixture("autoscale");
        String queue = broker.queue("jobs");
        broker.publish(queue, 400);
        recovery = new WorkerAutoRecovery(RecoveryConfig.builder().home(home)
                .notifiers(List.of())
                .healthCheckInterval(Duration.ofMillis(200))
                .gracefulStopTimeout(Duration.ofSeconds(3))
                .plugin("rabbitmq_queue", Map.of("uri", RealBroker.uri(), "autoscale", Map.of(
                        "interval", "200ms", "threshold", 100, "scale_up_after", "1s", "scale_down_after", "2s")))
                .worker(WorkerSpec.builder("consumer")
                        // one instance handles 40 messages/s: the backlog outlasts two scale-ups
                        .command(JavaCommand.of(QueueConsumerWorker.class, RealBroker.uri(), queue, results.toString(),
                                "25", "1"))
                        .queues(List.of(queue))
                        .minInstances(1).maxInstances(3)
                        .build())
                .build());
        recovery.startMonitoring();

        List<Integer> counts = new ArrayList<>();
        List<String> timeline = new ArrayList<>();
        long started = System.nanoTime();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            int n = recovery.getSystemStatus().instancesOf("consumer").size();
            if (n > 0 && (counts.isEmpty() || counts.get(counts.size() - 1) != n)) {
                counts.add(n);
                timeline.add(n + " at " + (System.nanoTime() - started) / 1_000_000 + " ms");
            }
            return counts.contains(3) && n == 1 && broker.ready(queue) == 0 && scalings().size() == 4;
        });

        System.err.println("[measured] autoscaling 400 messages (40/s per instance, windows 1 s up, 2 s down): instances "
                + timeline);
        assertThat(counts).containsExactly(1, 2, 3, 2, 1);
        List<String> scalings = scalings();
        assertThat(scalings.get(0)).matches("rabbitmq autoscaler: worker consumer scaled up to 2 of max 3 instances"
                + " \\(backlog \\d+ > 100 for 1 s\\)");
        assertThat(scalings.get(1)).matches("rabbitmq autoscaler: worker consumer scaled up to 3 of max 3 instances"
                + " \\(backlog \\d+ > 100 for 1 s\\)");
        assertThat(scalings.get(2)).isEqualTo("rabbitmq autoscaler: worker consumer scaled down to 2 of min 1 instances"
                + " (backlog 0 <= 0 for 2 s)");
        assertThat(scalings.get(3)).isEqualTo("rabbitmq autoscaler: worker consumer scaled down to 1 of min 1 instances"
                + " (backlog 0 <= 0 for 2 s)");
        assertThat(recovery.getSystemStatus().totalRecoveries()).isZero();
    }

    /** The autoscaler reports each step as a LOW alert once the fleet has carried it out. */
    private List<String> scalings() {
        return recovery.recentAlerts().stream()
                .filter(a -> a.severity() == AlertSeverity.LOW).map(IncidentAlert::message).toList();
    }
}
