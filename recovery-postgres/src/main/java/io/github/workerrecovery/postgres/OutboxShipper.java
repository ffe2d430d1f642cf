package io.github.workerrecovery.postgres;

import io.github.workerrecovery.api.TimeSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that moves outbox records into the database: waits for pending records, writes
 * them in batches ({@link JournalApplier}, one transaction each), acknowledges what was
 * committed, and after a failure waits {@code retry_interval} and tries again, for as long as it
 * takes. Nothing else waits for it.
 *
 * <p>The first failure of a run of failures is one WARN (with the cause, password scrubbed), the
 * rest DEBUG, and the return one INFO with the count delivered. {@link #close()} gives the
 * shipper a bounded time to deliver what is pending, then stops it; what is left stays in the
 * journal for the next start.
 */
final class OutboxShipper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxShipper.class);

    private final OutboxJournal journal;
    private final FleetDatabase database;
    private final TimeSource time;
    private final Thread thread;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean stopping;
    private volatile boolean failing;
    private volatile long appliedSeq;

    OutboxShipper(OutboxJournal journal, FleetDatabase database, TimeSource time) {
        this.journal = journal;
        this.time = time;
        this.database = database;
        this.thread = new Thread(this::run, "fleet-outbox-shipper");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** @return records written to the database by this shipper */
    long delivered() {
        return delivered.get();
    }

    /** @return failed delivery attempts */
    long failures() {
        return failures.get();
    }

    /** @return whether the latest attempt failed */
    boolean failing() {
        return failing;
    }

    /** @return the highest sequence number the database holds for this journal, as last seen */
    long appliedSeq() {
        return appliedSeq;
    }

    private void run() {
        long retryMillis = database.settings().retryInterval().toMillis();
        while (!stopping) {
            try {
                if (journal.pendingCount() == 0) {
                    journal.awaitPending(retryMillis * 5);
                    continue;
                }
                if (!shipOnce() && !stopping) {
                    journal.pause(retryMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError) {
                    throw e;
                }
                // never let the thread die: a bug in one batch must not stop every later one
                LOG.error("fleet outbox: unexpected failure; retrying", e);
                try {
                    journal.pause(retryMillis);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** @return whether every pending record of one batch got through */
    boolean shipOnce() {
        List<OutboxRecord> batch = journal.pending(database.settings().batchSize());
        if (batch.isEmpty()) {
            return true;
        }
        try (Connection connection = database.connection()) {
            long applied = JournalApplier.apply(connection, journal.host(), journal.journalId(), batch);
            appliedSeq = applied;
            journal.acknowledge(applied);
            delivered.addAndGet(batch.size());
            if (failing) {
                failing = false;
                LOG.info("fleet database {} reachable again: outbox delivering, {} record(s) still pending",
                        database.settings().maskedUrl(), journal.pendingCount());
            }
            return true;
        } catch (SQLException | java.io.IOException | IllegalArgumentException e) {
            failures.incrementAndGet();
            String why = database.settings().scrub(e.getClass().getSimpleName() + ": " + e.getMessage());
            if (!failing) {
                failing = true;
                LOG.warn("fleet database {} not writable ({}); {} record(s) kept in the outbox and retried every {}",
                        database.settings().maskedUrl(), why, journal.pendingCount(),
                        database.settings().retryInterval());
            } else {
                LOG.debug("fleet outbox still not delivered: {}", why);
            }
            return false;
        }
    }

    /**
     * Gives the shipper up to {@code millis} to deliver what is pending, then stops it.
     *
     * @param millis the most to wait for delivery
     */
    void drainAndStop(long millis) {
        long deadline = time.nanoTime() + millis * 1_000_000L;
        try {
            while (thread.isAlive() && journal.pendingCount() > 0 && !failing && time.nanoTime() < deadline) {
                journal.awaitDrained(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    @Override
    public void close() {
        stopping = true;
        journal.wake();
        try {
            thread.join(database.settings().connectTimeout().toMillis() * 2 + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
