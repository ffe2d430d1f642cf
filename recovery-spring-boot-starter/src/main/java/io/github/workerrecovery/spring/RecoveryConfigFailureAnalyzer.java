package io.github.workerrecovery.spring;

import io.github.workerrecovery.core.RecoveryConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows an invalid {@code worker-recovery.*} setting the way the command line does: the same message,
 * each problem with its key in the config file's spelling, instead of a bean-creation stack trace.
 */
final class RecoveryConfigFailureAnalyzer extends AbstractFailureAnalyzer<RecoveryConfigException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RecoveryConfigException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the worker-recovery.* properties named above (a key such as health_check_interval is "
                        + "worker-recovery.health-check-interval in a properties file).", cause);
    }
}
