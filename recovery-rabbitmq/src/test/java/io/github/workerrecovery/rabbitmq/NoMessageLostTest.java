package io.github.workerrecovery.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import io.github.workerrecovery.rabbitmq.workers.JavaCommand;
import io.github.workerrecovery.rabbitmq.workers.QueueConsumerWorker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool of real worker processes consumes persistent messages with manual acks while the test
 * SIGKILLs instances at random; the monitor replaces each. At the end every message was processed
 * at least once and none is left in the queue, acknowledged or not.
 */
@ExtendWith(RealBroker.class)
class NoMessageLostTest {

    private static final int MESSAGES = 500;
    private static final int KILLS = 5;
    private static final int INSTANCES = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);

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
    void everyMessageIsProcessedAtLeastOnceWhileInstancesAreKilledAtRandom() throws Exception {
        broker = new BrokerFixture("no-loss");
        String queue = broker.queue("jobs");
        broker.publish(queue, MESSAGES);
        recovery = new WorkerAutoRecovery(RecoveryConfig.builder().home(home)
                .notifiers(List.of())
                .healthCheckInterval(Duration.ofMillis(200))
                .restartBackoffBase(Duration.ofMillis(50))
                .restartCooldown(Duration.ofMillis(200))
                .maxRestartAttempts(100)
                .gracefulStopTimeout(Duration.ofSeconds(3))
                .worker(WorkerSpec.builder("consumer")
                        .command(JavaCommand.of(QueueConsumerWorker.class, RealBroker.uri(), queue, results.toString(),
                                "30", "5"))
                        .queues(List.of(queue))
                        .minInstances(INSTANCES).maxInstances(INSTANCES)
                        .build())
                .build());
        recovery.startMonitoring();

        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<Integer> processedAtKill = new ArrayList<>();
        for (int kill = 0; kill < KILLS; kill++) {
            int before = processedLines();
            // all instances up and consuming, and some progress since the previous kill
            await().atMost(WAIT).until(() -> runningPids().size() == INSTANCES && processedLines() >= before + 25);
            List<Long> pids = runningPids();
            long victim = pids.get(random.nextInt(pids.size()));
            processedAtKill.add(processedIds().size());
            ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
            await().atMost(WAIT).until(() -> !runningPids().contains(victim));
        }

        Set<Integer> all = IntStream.range(0, MESSAGES).boxed().collect(Collectors.toCollection(TreeSet::new));
        await().atMost(WAIT).until(() -> processedIds().equals(all) && broker.ready(queue) == 0);
        int restarts = recovery.getSystemStatus().instancesOf("consumer").stream().mapToInt(InstanceStatus::restarts).sum();
        recovery.close(); // SIGTERM: a worker's unacknowledged messages would go back to the queue
        recovery = null;

        System.err.println("[measured] no-message-lost: " + MESSAGES + " messages, " + KILLS + " SIGKILLs (seed " + seed
                + ") at processed counts " + processedAtKill + ": " + lines().stream().filter(l -> l.endsWith(" redelivered"))
                .count() + " messages redelivered after a kill, " + (processedLines() - MESSAGES) + " processed twice");
        assertThat(processedAtKill).allMatch(n -> n < MESSAGES);
        assertThat(processedIds()).isEqualTo(all);
        assertThat(broker.ready(queue)).isZero();
        assertThat(broker.consumers(queue)).isZero();
        assertThat(restarts).isEqualTo(KILLS);
    }

    private List<Long> runningPids() {
        List<Long> pids = new ArrayList<>();
        for (InstanceStatus i : recovery.getSystemStatus().instancesOf("consumer")) {
            if (i.pid().isPresent() && ProcessHandle.of(i.pid().getAsLong()).map(ProcessHandle::isAlive).orElse(false)) {
                pids.add(i.pid().getAsLong());
            }
        }
        return pids;
    }

    private List<String> lines() {
        try (Stream<Path> files = Files.list(results)) {
            List<String> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("processed-")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank()) {
                        out.add(line.strip());
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int processedLines() {
        return lines().size();
    }

    private Set<Integer> processedIds() {
        return lines().stream().map(l -> Integer.valueOf(l.split(" ")[0])).collect(Collectors.toCollection(TreeSet::new));
    }
}
