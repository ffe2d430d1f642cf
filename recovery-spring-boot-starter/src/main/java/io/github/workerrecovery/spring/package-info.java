/**
 * Spring Boot starter for Worker Auto-Recovery: auto-configuration of a {@link
 * io.github.workerrecovery.core.WorkerAutoRecovery} from {@code worker-recovery.*} properties and
 * plug-in beans, its lifecycle, health indicator, actuator endpoint and application events.
 */
package io.github.workerrecovery.spring;
