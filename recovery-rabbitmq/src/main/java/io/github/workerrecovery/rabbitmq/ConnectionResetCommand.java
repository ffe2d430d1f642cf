package io.github.workerrecovery.rabbitmq;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of the {@code connection_reset} control message a worker receives on its control queue:
 * <pre>{@code
 * {"command":"connection_reset","worker":"orders","instance":"orders#0","slot":0,"pid":4242,
 *  "failure":"CONNECTION_LOST","reason":"...","timestamp":"2026-01-01T00:00:00Z"}
 * }</pre>
 * {@code pid} and {@code reason} are left out when unknown.
 *
 * @param command always {@code connection_reset}
 * @param worker the worker id
 * @param instance {@code worker#slot}
 * @param slot the instance's slot
 * @param pid the instance's process id, or {@code null}
 * @param failure the failure kind's Java name
 * @param reason what the probe that triggered the recovery said, or {@code null}
 * @param timestamp when it was sent, ISO-8601
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ConnectionResetCommand(String command, String worker, String instance, int slot, Long pid, String failure,
                              String reason, String timestamp) {
}
