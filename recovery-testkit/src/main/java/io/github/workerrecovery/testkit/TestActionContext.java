package io.github.workerrecovery.testkit;

import io.github.workerrecovery.api.ActionContext;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerControl;
import io.github.workerrecovery.api.WorkerInstance;
import java.util.Optional;

/**
 * An {@link ActionContext} for calling an action directly in a unit test, typically with a
 * {@link FakeWorkerInstance} and a {@link RecordingWorkerControl}.
 *
 * @param instance the instance to recover
 * @param control what the action may do
 * @param failure the diagnosis
 * @param trigger the triggering signal, if any
 * @param attempt the attempt number, from 1
 * @param time the time source
 */
public record TestActionContext(WorkerInstance instance, WorkerControl control, FailureKind failure,
                                Optional<HealthSignal> trigger, int attempt, TimeSource time) implements ActionContext {

    /**
     * @param instance the instance to recover
     * @param control what the action may do
     * @param failure the diagnosis
     * @return a first-attempt context with no trigger, on a new {@link ManualClock}
     */
    public static TestActionContext of(WorkerInstance instance, WorkerControl control, FailureKind failure) {
        return new TestActionContext(instance, control, failure, Optional.empty(), 1, new ManualClock());
    }
}
