/**
 * Internal to the CLI: the client side of the running daemon's control API (the control file
 * that says where it listens, the HTTP client, the JSON of status and outcomes). Not an API.
 */
package io.github.workerrecovery.cli.control;
