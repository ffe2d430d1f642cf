/**
 * The RabbitMQ plug-in of Worker Auto-Recovery. It plugs into the engine only through the four
 * SPIs of {@code recovery-api}, found by {@link java.util.ServiceLoader}:
 * <ul>
 *   <li>{@link io.github.workerrecovery.rabbitmq.RabbitQueueProbe} ({@code rabbitmq_queue}):
 *       backlog and consumers of the queues a worker serves; hosts the backlog autoscaler;</li>
 *   <li>{@link io.github.workerrecovery.rabbitmq.AmqpHeartbeatProbe} ({@code amqp_heartbeat}):
 *       heartbeats workers publish over AMQP, fed to the engine's heartbeat tracking;</li>
 *   <li>{@link io.github.workerrecovery.rabbitmq.RabbitSageNotifier} ({@code rabbitmq}): sage
 *       events as JSON on a topic exchange;</li>
 *   <li>{@link io.github.workerrecovery.rabbitmq.AmqpConnectionResetAction}
 *       ({@code amqp_connection_reset}): a connection reset asked for over a control queue.</li>
 * </ul>
 * {@link io.github.workerrecovery.rabbitmq.AmqpHeartbeatClient} is for the workers' side.
 *
 * <p>Each provider owns one connection, made lazily (a jar on the classpath that no config uses
 * never connects) and kept by the AMQP client's automatic recovery. Broker calls are bounded by
 * the provider's {@code timeout}; nothing blocks the engine; while the broker is away the probes
 * answer UNKNOWN. The broker's URI is shown only with its user info masked.
 *
 * <p><b>Exported surface:</b> the five public classes above (the four providers and the
 * heartbeat client for workers); everything package-private is internal.
 * Like every plug-in, this module is written against {@code recovery-api} only and imports
 * nothing from {@code recovery-core} (a build test enforces this).
 */
package io.github.workerrecovery.rabbitmq;
