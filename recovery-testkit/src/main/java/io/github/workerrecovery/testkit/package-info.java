/**
 * Fakes for unit tests of probes, actions, notifiers, stores and configs: a manual clock and
 * scheduler that run the engine step by step, scripted probes, a recording notifier, an
 * in-memory store, and plain implementations of the contexts the engine hands to plug-ins.
 * Depends on {@code recovery-api} only.
 *
 * <p><b>Exported surface:</b> every public class of this package is API for users' tests; it is
 * the only package of the module.
 */
package io.github.workerrecovery.testkit;
