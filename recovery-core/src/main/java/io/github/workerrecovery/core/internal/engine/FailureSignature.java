package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.HealthSignal;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What the correlated-failure guard keys a failure by: something the failing instances said or
 * did alike that a restart does not cure, never a bare failure kind. Twenty processes killed by
 * a signal share no dependency (an operator, the OOM killer, a deploy script sent it), and
 * twenty timeouts or "dead" verdicts say nothing about why; counting them as one outage held
 * back the very restarts that fix them. Pure logic.
 *
 * <ul>
 *   <li>A death by a signal sent from outside ({@code SIGKILL}, {@code SIGTERM}, {@code SIGINT},
 *       {@code SIGHUP}) has none, whatever the worker had written before: it did not die of it.</li>
 *   <li>A mined error pattern (the worker's own error output, or a probe's error lines) is one.</li>
 *   <li>A non-zero exit code without error output is one once a restart of the incident has not
 *       cured it: the same code again after a restart is a cause restarts do not fix.</li>
 * </ul>
 *
 * @param key what failures alike share: a pattern id, or {@code exit code N}
 * @param mined whether the key is a mined error pattern (only those are remembered as outages)
 * @param description the signature for people, e.g. {@code pattern 3f2a…: Connection refused to <*>}
 */
record FailureSignature(String key, boolean mined, String description) {

    /** The metric an exit's signal carries its exit code in. */
    static final String EXIT_CODE = "exit_code";

    /** HUP, INT, KILL and TERM: sent by someone else; ABRT, SEGV and the like are the process's own doing. */
    private static final Set<Integer> OUTSIDE_SIGNALS = Set.of(1, 2, 9, 15);

    /**
     * @param exitCode a process's exit code
     * @return whether it says the process was killed by a signal sent from outside (128 + the signal)
     */
    static boolean killedFromOutside(int exitCode) {
        return exitCode > 128 && OUTSIDE_SIGNALS.contains(exitCode - 128);
    }

    /**
     * @param trigger the signal that showed the failure
     * @return the exit code it carries, when it is a process's death
     */
    static OptionalInt exitCodeOf(HealthSignal trigger) {
        Double code = trigger == null ? null : trigger.metrics().get(EXIT_CODE);
        return code == null ? OptionalInt.empty() : OptionalInt.of(code.intValue());
    }

    /**
     * @param trigger the signal that showed the failure
     * @param pattern the incident's mined error pattern, null when none
     * @param patternDescription its template, for people
     * @param restartsFailed whether an attempt of the incident has already failed, or it is a relapse
     * @return the signature, empty when the failure shares nothing a restart does not fix
     */
    static Optional<FailureSignature> of(HealthSignal trigger, String pattern, String patternDescription,
                                         boolean restartsFailed) {
        OptionalInt code = exitCodeOf(trigger);
        if (code.isPresent() && killedFromOutside(code.getAsInt())) {
            return Optional.empty();
        }
        if (pattern != null) {
            return Optional.of(new FailureSignature(pattern, true, "pattern " + pattern + ": " + patternDescription));
        }
        if (code.isPresent() && code.getAsInt() != 0 && restartsFailed) {
            String key = "exit code " + code.getAsInt();
            return Optional.of(new FailureSignature(key, false, key + " again after a restart, no error output"));
        }
        return Optional.empty();
    }
}
