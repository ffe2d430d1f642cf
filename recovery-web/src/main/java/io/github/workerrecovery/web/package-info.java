/**
 * The HTTP API and live dashboard of a {@link io.github.workerrecovery.core.WorkerAutoRecovery}:
 * {@link io.github.workerrecovery.web.RecoveryWebServer} started with
 * {@link io.github.workerrecovery.web.WebOptions}.
 */
package io.github.workerrecovery.web;
