/**
 * The probes that need no plug-in: process liveness, heartbeat (in-JVM, AMQP or a file the
 * worker touches), HTTP GET, TCP connect and stderr error rate. Each is found by
 * {@link java.util.ServiceLoader} and written against {@code recovery-api} and the JDK only, as
 * if it were a plug-in.
 *
 * <p>A worker switches a probe on with a section named after the probe in its {@code probes:}
 * entry, for example {@code probes: {heartbeat: {file: /var/run/w.hb}, http: {url:
 * "http://127.0.0.1:8080/health"}}}. The rule, shared by every probe here except liveness (which
 * always applies), is: a section with at least one key switches the probe on, and
 * {@code enabled: false} switches it off again. An empty section cannot be told from a missing
 * one, so {@code heartbeat: {enabled: true}} is how to ask for a probe without other settings.
 * Each probe exposes the rule as a static {@code configuredFor(PluginSettings)}.
 *
 * <p>Settings that cannot be used (a missing {@code url}, a port of 0, a relative heartbeat
 * path) make {@code check} throw an {@link java.lang.IllegalArgumentException} naming the
 * setting's path: the engine reports it and records UNKNOWN, which never triggers a recovery, so
 * a typo in a probe section cannot restart a healthy worker.
 */
package io.github.workerrecovery.core.probe;
