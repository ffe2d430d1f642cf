/**
 * Internal to the CLI: the daemon that {@code worker-recovery start} runs (lock, pid file,
 * control server on the loopback address and its endpoints). Not an API.
 */
package io.github.workerrecovery.cli.daemon;
