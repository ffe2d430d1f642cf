/**
 * The built-in {@code json} strategy store: learned statistics and recovery history as files under {@code data/}.
 */
package io.github.workerrecovery.core.store;
