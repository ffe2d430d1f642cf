/** The server's routes, views and JSON shapes; not API. */
package io.github.workerrecovery.web.internal;
