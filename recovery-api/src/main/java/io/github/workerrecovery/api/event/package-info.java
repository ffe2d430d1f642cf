/**
 * The engine's event stream: every detection, state change, decision, action, verdict, relapse,
 * alert, hold and release, as immutable records with a per-engine sequence number.
 *
 * <p>{@link io.github.workerrecovery.api.event.RecoveryEvent} is the sealed root; a host reads the
 * recent events and subscribes through {@link io.github.workerrecovery.api.event.RecoveryEvents}.
 * History, the sages and the status snapshot are consumers of this stream, as metrics, the
 * dashboard and the fleet are.
 */
package io.github.workerrecovery.api.event;
