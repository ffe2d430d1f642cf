/**
 * Internal to the CLI: how the commands print tables, times, durations and decisions. Not an API.
 */
package io.github.workerrecovery.cli.format;
