/** The engine's event stream: the ring of recent events, engine-thread listeners and subscriptions. Internal. */
package io.github.workerrecovery.core.internal.events;
