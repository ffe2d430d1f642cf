package io.github.workerrecovery.postgres;

import io.github.workerrecovery.core.InJvmWorker;
import java.util.concurrent.CountDownLatch;

/** An in-JVM worker that does nothing until asked to stop: the engine sees it alive. */
final class IdleWorker implements InJvmWorker {

    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public void run() throws InterruptedException {
        stop.await();
    }

    @Override
    public void requestStop() {
        stop.countDown();
    }
}
