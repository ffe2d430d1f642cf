package io.github.workerrecovery.api;

import java.util.Optional;

/**
 * What an action gets for one recovery attempt.
 */
public interface ActionContext {

    /** @return the instance to recover, as it was when the attempt started */
    WorkerInstance instance();

    /** @return the means to act on the worker */
    WorkerControl control();

    /** @return the diagnosis */
    FailureKind failure();

    /** @return the signal that triggered the attempt, absent for a manual recovery */
    Optional<HealthSignal> trigger();

    /** @return the attempt number within the current budget window, from 1 */
    int attempt();

    /** @return the engine's time source */
    TimeSource time();
}
