/**
 * Internal: asynchronous, bounded delivery of sage events, one queue and thread per notifier.
 */
package io.github.workerrecovery.core.internal.notify;
