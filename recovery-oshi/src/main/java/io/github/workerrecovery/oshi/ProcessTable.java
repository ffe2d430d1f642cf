package io.github.workerrecovery.oshi;

import java.util.List;
import java.util.Map;

/**
 * What one read of the process table returned.
 *
 * @param samples the processes read, by pid; a process that is gone (or a zombie) is absent
 * @param descendants for each root whose tree was asked for, the pids of its live descendants
 */
record ProcessTable(Map<Long, ProcessSample> samples, Map<Long, List<Long>> descendants) {
}
