package io.github.workerrecovery.rabbitmq.workers;

import io.github.workerrecovery.rabbitmq.AmqpHeartbeatClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A worker for the heartbeat tests, run in its own JVM: sends an AMQP heartbeat with a
 * {@code beats} counter every period through {@link AmqpHeartbeatClient}. The first incarnation
 * (no marker file yet) falls silent after a while, as a stuck worker would, and creates the
 * marker; later incarnations beat forever.
 *
 * <p>Arguments: {@code <amqp uri> <exchange> <worker id> <period ms> <silent after ms> <marker file>}.
 */
public final class HeartbeatWorker {

    private HeartbeatWorker() {
    }

    /**
     * @param args uri, exchange, worker id, period, silence delay, marker file
     * @throws Exception when the broker cannot be reached
     */
    public static void main(String[] args) throws Exception {
        String uri = args[0];
        String exchange = args[1];
        String worker = args[2];
        long periodMillis = Long.parseLong(args[3]);
        long silentAfterMillis = Long.parseLong(args[4]);
        Path marker = Path.of(args[5]);
        boolean fallsSilent = !Files.exists(marker);
        long started = System.nanoTime();
        try (AmqpHeartbeatClient heartbeats = AmqpHeartbeatClient.connect(uri, worker, exchange)) {
            for (long beats = 1; ; beats++) {
                if (fallsSilent && (System.nanoTime() - started) / 1_000_000 >= silentAfterMillis) {
                    Files.createFile(marker);
                    System.out.println("going silent after " + (beats - 1) + " beats");
                    new CountDownLatch(1).await(); // stuck: alive but no heartbeat
                }
                heartbeats.beat(Map.of("beats", beats));
                Thread.sleep(periodMillis);
            }
        }
    }
}
