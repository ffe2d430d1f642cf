package io.github.workerrecovery.examples;

import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerSpec;
import java.util.List;

/**
 * The workers {@link DemoMain} supervises: {@code flaky} (crashes every few seconds),
 * {@code stuck} (stops heart-beating after a while) and {@code steady} (stays healthy).
 *
 * <p>This is the seam that lets the demo's workers change kind without touching
 * {@code DemoMain}: {@link InJvmDemoWorkers} runs them as threads; an OS-process version only has
 * to return command specs with the same ids and behaviour (its {@code stuck} worker would touch a
 * file named in {@code probes.heartbeat.file} instead of calling
 * {@link WorkerAutoRecovery#heartbeat(String)}).
 */
public interface DemoWorkers {

    /** The id of the worker that crashes every few seconds. */
    String FLAKY = "flaky";
    /** The id of the worker that stops heart-beating while its loop keeps running. */
    String STUCK = "stuck";
    /** The id of the worker that stays healthy. */
    String STEADY = "steady";

    /** @return the specs of the three workers, in display order */
    List<WorkerSpec> specs();

    /**
     * Hands the workers the running library, before monitoring starts; workers that heart-beat
     * through the Java API need it. The default does nothing.
     *
     * @param recovery the library the specs were given to
     */
    default void attach(WorkerAutoRecovery recovery) {
    }
}
