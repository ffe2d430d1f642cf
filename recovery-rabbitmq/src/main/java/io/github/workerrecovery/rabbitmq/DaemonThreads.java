package io.github.workerrecovery.rabbitmq;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the named daemon threads of this module, including the AMQP client's own (its default
 * threads are not daemons, so a host that forgot to close the library could never exit).
 */
final class DaemonThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    /**
     * @param prefix the name of the threads; a number is added, e.g. {@code rabbitmq-autoscaler-1}
     */
    DaemonThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
