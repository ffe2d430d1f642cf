package io.github.workerrecovery.rabbitmq;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.rabbitmq.QueueInspector.QueueStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what the broker said about a worker's queues into the {@code rabbitmq_queue} probe's
 * verdict. Pure: no broker, no clock; the probe supplies the facts. The rules, worst first:
 * <ol>
 *   <li>Messages ready and no consumer, while the instance runs and is past its start-up grace:
 *       {@link HealthStatus#CRITICAL} {@link FailureKind#CONNECTION_LOST}, e.g.
 *       {@code queue ai_tasks has 340 messages and no consumer}: the worker is up but not
 *       consuming, which a connection reset or restart can fix.</li>
 *   <li>A missing queue past the grace: {@link HealthStatus#WARNING}
 *       {@link FailureKind#CONNECTION_LOST} ({@code queue ai_tasks does not exist}): a consuming
 *       worker would have declared it.</li>
 *   <li>Ready messages over the backlog threshold: {@link HealthStatus#WARNING}
 *       {@link FailureKind#QUEUE_BACKLOG}, unless the autoscaler owns this worker's backlog and
 *       can still add an instance; then it is healthy, because more instances, not a recovery
 *       of this one, is the answer, and two controllers acting on one backlog would overshoot.</li>
 * </ol>
 * Within the grace (or while the instance is not running) the first two are not judged: if
 * nothing else is known the verdict is {@link HealthStatus#UNKNOWN}, which never triggers.
 * Metrics: {@code queue_backlog} (ready messages over all its queues) and
 * {@code queue_consumers} (the fewest consumers on any of its queues).
 */
final class QueueVerdict {

    /** Metric: ready messages summed over the worker's queues. */
    static final String BACKLOG_METRIC = "queue_backlog";
    /** Metric: the fewest consumers any of the worker's queues has. */
    static final String CONSUMERS_METRIC = "queue_consumers";

    private QueueVerdict() {
    }

    /**
     * @param probe the probe's name for the signal
     * @param stats one entry per queue
     * @param threshold ready messages above which a queue is a backlog
     * @param judgeConsumers whether the instance runs and is past its start-up grace
     * @param autoscalerHandlesBacklog whether the autoscaler owns this backlog and can still scale up
     * @param at when the broker was asked
     * @return the verdict
     */
    static HealthSignal judge(String probe, List<QueueStats> stats, long threshold, boolean judgeConsumers,
                              boolean autoscalerHandlesBacklog, Instant at) {
        List<String> critical = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> backlog = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        long ready = 0;
        Integer fewestConsumers = null;
        for (QueueStats q : stats) {
            if (!q.exists()) {
                (judgeConsumers ? missing : undecided).add("queue " + q.queue() + " does not exist");
                continue;
            }
            ready += q.ready();
            fewestConsumers = fewestConsumers == null ? q.consumers() : Math.min(fewestConsumers, q.consumers());
            if (q.ready() > 0 && q.consumers() == 0) {
                String text = "queue " + q.queue() + " has " + q.ready() + " messages and no consumer";
                (judgeConsumers ? critical : undecided).add(text);
            } else if (q.ready() > threshold && !autoscalerHandlesBacklog) {
                backlog.add("queue " + q.queue() + " has " + q.ready() + " ready messages (threshold " + threshold + ")");
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(BACKLOG_METRIC, (double) ready);
        Optional.ofNullable(fewestConsumers).ifPresent(n -> metrics.put(CONSUMERS_METRIC, n.doubleValue()));

        HealthSignal signal;
        if (!critical.isEmpty()) {
            signal = HealthSignal.problem(probe, HealthStatus.CRITICAL, FailureKind.CONNECTION_LOST, join(critical, missing), at);
        } else if (!missing.isEmpty()) {
            signal = HealthSignal.problem(probe, HealthStatus.WARNING, FailureKind.CONNECTION_LOST, join(missing, backlog), at);
        } else if (!backlog.isEmpty()) {
            signal = HealthSignal.problem(probe, HealthStatus.WARNING, FailureKind.QUEUE_BACKLOG, String.join("; ", backlog), at);
        } else if (!undecided.isEmpty()) {
            signal = HealthSignal.unknown(probe, String.join("; ", undecided) + " (not judged yet: the instance is starting)", at);
        } else {
            signal = HealthSignal.healthy(probe, at);
        }
        return signal.withMetrics(metrics);
    }

    private static String join(List<String> first, List<String> more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(more);
        return String.join("; ", all);
    }
}
