package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.core.RecoveryConfig;
import java.time.Duration;

/**
 * The config values the engine's stages read, taken from the config in one place so that the
 * stages do not depend on how the config is laid out.
 *
 * @param healthCheckInterval time between probe rounds
 * @param probeTimeout the longest a round waits for a probe
 * @param consecutiveChecks rounds in a row a problem (or an UNKNOWN) must hold
 * @param actionTimeout the longest an action may run
 * @param verificationWindow how long after an action the instance has to be healthy
 * @param verificationInterval time between verification rounds
 * @param maxConcurrentRecoveries recoveries running at once
 * @param restartWindow the budget's sliding window
 * @param restartBackoffBase the back-off's first step
 * @param restartCooldown the back-off's cap
 * @param probation how long a recovery must hold before it counts as a success
 * @param gracefulStopTimeout the default SIGTERM-to-SIGKILL wait
 * @param unknownAfter how long probes must be unable to tell before an instance is UNKNOWN
 * @param firstCheckAfter time from a new incarnation's start to its first probe round
 */
record EngineSettings(
        Duration healthCheckInterval,
        Duration probeTimeout,
        int consecutiveChecks,
        Duration actionTimeout,
        Duration verificationWindow,
        Duration verificationInterval,
        int maxConcurrentRecoveries,
        Duration restartWindow,
        Duration restartBackoffBase,
        Duration restartCooldown,
        Duration probation,
        Duration gracefulStopTimeout,
        Duration unknownAfter,
        Duration firstCheckAfter) {

    static EngineSettings of(RecoveryConfig c) {
        return new EngineSettings(c.health().interval(), c.health().probeTimeout(), c.health().consecutiveChecks(),
                c.recovery().actionTimeout(), c.recovery().verificationWindow(), c.recovery().verificationInterval(),
                c.recovery().maxConcurrent(), c.restart().window(), c.restart().backoffBase(), c.restart().cooldown(),
                c.learning().probation(), c.restart().gracefulStopTimeout(), c.health().unknownAfter(),
                c.health().firstCheckAfter());
    }
}
