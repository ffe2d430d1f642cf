/**
 * The {@code worker-recovery} command line (picocli): {@link io.github.workerrecovery.cli.Main}
 * and one class per command.
 *
 * <p>{@code recovery-cli} is an application, not a library: its surface is the command line,
 * its exit codes ({@link io.github.workerrecovery.cli.ExitCodes}) and the files under the home
 * directory; none of its packages is an API to compile against. It reaches the engine only
 * through the public API of {@code recovery-core} and {@code recovery-api}, never through {@code
 * core.internal}.
 */
package io.github.workerrecovery.cli;
