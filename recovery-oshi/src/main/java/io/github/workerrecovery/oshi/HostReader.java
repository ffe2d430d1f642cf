package io.github.workerrecovery.oshi;

/**
 * Reads the whole host once per sampling pass, so that its cost does not grow with the number of
 * workers. Implementations are thread-safe.
 */
interface HostReader {

    /** @return physical memory in bytes, 0 when unknown */
    long totalMemory();

    /** @return the host now; CPU over the interval since the previous call */
    HostLoad read();
}
