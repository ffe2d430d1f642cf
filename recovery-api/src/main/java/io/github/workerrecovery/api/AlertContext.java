package io.github.workerrecovery.api;

/**
 * The fleet counts attached to every incident alert, as in the original alert JSON
 * ({@code context{total_workers, healthy_workers, critical_workers}}). Counted over instances.
 *
 * @param totalWorkers instances supervised
 * @param healthyWorkers instances HEALTHY
 * @param criticalWorkers instances CRITICAL, DEAD or FAILED
 */
public record AlertContext(int totalWorkers, int healthyWorkers, int criticalWorkers) {
}
