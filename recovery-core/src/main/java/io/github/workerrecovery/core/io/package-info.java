/**
 * Public API: file services the core offers to front ends and hosts: {@link
 * io.github.workerrecovery.core.io.AtomicFiles} replaces a file's content atomically (temporary
 * file, fsync, rename) and sets a corrupt file aside instead of deleting it.
 */
package io.github.workerrecovery.core.io;
