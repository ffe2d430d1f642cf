/**
 * A recovery simulation on the real engine in simulated time: the learned policy against the
 * fixed default ladder, on faults that show the same failure kind but need different cures, in
 * several {@link io.github.workerrecovery.bench.simulation.World}s, with regret measured against
 * an oracle that knows the true odds ({@code RegretOracle}).
 * {@link io.github.workerrecovery.bench.simulation.RecoverySimulation} is the main.
 */
package io.github.workerrecovery.bench.simulation;
