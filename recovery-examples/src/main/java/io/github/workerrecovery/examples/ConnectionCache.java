package io.github.workerrecovery.examples;

import java.io.Flushable;
import java.io.IOException;

/**
 * The host's cache of its (simulated) broker connection, shared by every incarnation of its
 * consumer. Its flaw is the one {@code flush_cache} exists for: when the broker drops the
 * connection, the cache keeps handing out the dead one, so restarting the consumer does not help;
 * only {@link #flush()} does. Thread-safe.
 */
public final class ConnectionCache implements Flushable {

    private BrokerConnection cached;
    private int opened;

    /** @return the cached connection, opening one when the cache is empty */
    public synchronized BrokerConnection connection() {
        if (cached == null) {
            cached = new BrokerConnection(++opened);
        }
        return cached;
    }

    /** Simulates the broker dropping the cached connection (a restart of the broker, a network blip). */
    public synchronized void breakCachedConnection() {
        if (cached != null) {
            cached.broken = true;
        }
    }

    /** Forgets the cached connection; the next {@link #connection()} opens a fresh one. */
    @Override
    public synchronized void flush() {
        cached = null;
    }

    /** @return connections opened so far */
    public synchronized int opened() {
        return opened;
    }

    /** One (simulated) broker connection. */
    public static final class BrokerConnection {
        private final int number;
        private volatile boolean broken;

        private BrokerConnection(int number) {
            this.number = number;
        }

        /**
         * Fetches up to {@code max} messages.
         *
         * @param max the most to fetch
         * @return how many were fetched
         * @throws IOException when the broker dropped this connection
         */
        public int poll(int max) throws IOException {
            if (broken) {
                throw new IOException("connection #" + number + " was reset by the broker");
            }
            return max;
        }
    }
}
