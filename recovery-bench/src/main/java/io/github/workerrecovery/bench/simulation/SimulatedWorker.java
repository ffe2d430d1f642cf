package io.github.workerrecovery.bench.simulation;

import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.core.InJvmWorker;
import java.util.concurrent.CountDownLatch;

/**
 * An in-JVM worker that does nothing but wait, and tells the world what the engine did to it: a
 * reconnect request, a graceful stop, or an interruption (a kill).
 */
final class SimulatedWorker implements InJvmWorker {

    private final String id;
    private final SimulatedWorld world;
    private final CountDownLatch stop = new CountDownLatch(1);

    SimulatedWorker(String id, SimulatedWorld world) {
        this.id = id;
        this.world = world;
    }

    @Override
    public void run() {
        try {
            stop.await();
        } catch (InterruptedException e) {
            // reported before the thread ends, so the world knows before the action returns
            world.effect(id, WorkerEffect.KILLED);
        }
    }

    @Override
    public void requestStop() {
        world.effect(id, WorkerEffect.STOPPED_GRACEFULLY);
        stop.countDown();
    }

    @Override
    public void onSignal(ControlSignal signal) {
        if (signal == ControlSignal.CONNECTION_RESET) {
            world.effect(id, WorkerEffect.RECONNECTED);
        } else {
            throw new UnsupportedOperationException("simulated worker does not handle " + signal);
        }
    }
}
