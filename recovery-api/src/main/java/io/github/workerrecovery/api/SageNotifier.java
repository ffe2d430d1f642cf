package io.github.workerrecovery.api;

/**
 * Listens to the four sage events: incidents, knowledge, tasks and patterns. Service-provider
 * interface: made by the {@link SageNotifierProvider}s named by the config's {@code notifiers:}
 * list (default {@code log} and {@code jsonl}), plus any built by the host and given to the
 * config builder.
 *
 * <p>Override only the methods for the kinds you want. Delivery is asynchronous through a
 * bounded queue on the notifier's own thread: a notifier may block or throw without ever
 * delaying a recovery; events that do not fit the queue are dropped and counted.
 */
public interface SageNotifier extends RecoveryPlugin {

    /** @param alert an incident alert */
    default void onIncident(IncidentAlert alert) throws Exception {
    }

    /** @param update a change of the learned best action */
    default void onKnowledge(KnowledgeUpdate update) throws Exception {
    }

    /** @param task a recovery task's change of stage */
    default void onTask(RecoveryTask task) throws Exception {
    }

    /** @param insight a pattern insight */
    default void onPattern(PatternInsight insight) throws Exception {
    }

    /**
     * Routes an event to the method for its kind. Override to take every event in one place.
     *
     * @param event the event
     * @throws Exception when delivery failed; counted and logged, never retried by the engine
     */
    default void deliver(SageEvent event) throws Exception {
        if (event instanceof IncidentAlert a) {
            onIncident(a);
        } else if (event instanceof KnowledgeUpdate k) {
            onKnowledge(k);
        } else if (event instanceof RecoveryTask t) {
            onTask(t);
        } else if (event instanceof PatternInsight p) {
            onPattern(p);
        }
    }
}
