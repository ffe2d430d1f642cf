/**
 * Workers as OS processes: {@link io.github.workerrecovery.core.process.ProcessWorkerRuntime}
 * starts them from a {@link io.github.workerrecovery.core.process.ProcessSpec} (argument list,
 * own process group, output written by the worker straight to its log files, which one
 * {@link io.github.workerrecovery.core.process.LogFollower} thread reads for the stderr tail and
 * error rate and rotates), stops and kills
 * whole process trees, sends soft-request signals, and
 * {@link io.github.workerrecovery.core.process.ProcessStateFile} lets a restarted monitor find
 * its running instances again and adopt them.
 * {@link io.github.workerrecovery.core.process.DiscoveredProcessRuntime} watches processes the
 * monitor did not start, found by a {@link io.github.workerrecovery.core.process.ProcessMatcher}
 * (command line, executable name, user) through the JDK's {@link java.lang.ProcessHandle}.
 */
package io.github.workerrecovery.core.process;
