package io.github.workerrecovery.oshi;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One instance's numbers from one sampling pass: its process, or its whole tree when asked.
 *
 * @param pid the instance's main process
 * @param startTime the main process's start, in the reader's unit (tells a reused pid apart)
 * @param cpuPercent CPU used between the previous pass and this one, in % of one core (a
 *     process busy on two cores shows 200); empty on the first sample of a process
 * @param rssBytes resident memory
 * @param threads threads
 * @param openFds open file descriptors, empty when they cannot be counted
 * @param processes how many processes were summed (1 without the tree)
 * @param sampledAtNanos when the pass ran, on the engine's monotonic clock
 * @param host the host at that pass, when OSHI could read it
 */
record ProcessReading(long pid, long startTime, OptionalDouble cpuPercent, long rssBytes, int threads,
                      OptionalLong openFds, int processes, long sampledAtNanos, Optional<HostLoad> host) {
}
