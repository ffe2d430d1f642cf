package io.github.workerrecovery.oshi;

/**
 * The whole host at one sampling pass.
 *
 * @param cpuPercent CPU busy over all cores since the previous pass, 0-100
 * @param memoryPercent physical memory in use (total minus available), 0-100
 * @param swapPercent swap in use, 0-100 (0 without swap)
 */
record HostLoad(double cpuPercent, double memoryPercent, double swapPercent) {
}
