/**
 * Internal: atomic file writes and setting corrupt files aside.
 */
package io.github.workerrecovery.core.internal.io;
