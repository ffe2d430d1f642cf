/**
 * Internal: what the engine learns across workers and over time (correlated failures,
 * preventive suggestions). Pure logic with time passed in, owned by the engine thread. Not an API.
 */
package io.github.workerrecovery.core.internal.learning;
