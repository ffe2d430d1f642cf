package io.github.workerrecovery.oshi;

import java.util.Set;

/**
 * Reads processes from the OS for one sampling pass: the only code that touches the OS per
 * process. Implementations read each process once per call and never throw for a process that
 * vanished while being read: it is simply absent from the result.
 */
interface ProcessReader {

    /**
     * @param roots the pids to read
     * @param treeRoots those of {@code roots} whose descendants are read too
     * @return what was read
     */
    ProcessTable read(Set<Long> roots, Set<Long> treeRoots);

    /**
     * Told after each full pass which processes are still watched, so that what the reader keeps
     * per process (open files) can go for the others.
     *
     * @param watched the pids of interest
     */
    default void retainOnly(Set<Long> watched) {
    }

    /** @return the reader's name as given in the {@code sampler} setting: {@code procfs} or {@code oshi} */
    String name();
}
