/**
 * Internal: discovery and configuration of the SPI providers.
 */
package io.github.workerrecovery.core.internal.plugin;
