/**
 * The built-in sage notifiers: {@code log} (SLF4J), {@code jsonl} ({@code logs/incident_sage_alerts.jsonl}) and {@code webhook} (HTTP POST of each event as JSON).
 */
package io.github.workerrecovery.core.notify;
