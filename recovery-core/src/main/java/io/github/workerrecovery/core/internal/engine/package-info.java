/**
 * Internal: the recovery engine, its scheduler, planner and state records. Not an API.
 */
package io.github.workerrecovery.core.internal.engine;
