/**
 * The worker runtime seam: how the engine starts, stops, signals and watches one worker's
 * incarnations, whatever they are (OS processes, in-JVM tasks).
 */
package io.github.workerrecovery.core.runtime;
