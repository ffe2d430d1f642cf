package io.github.workerrecovery.core;

import java.util.List;

/**
 * A configuration that cannot be used. The message lists every problem found, one per line,
 * each with its path in the config file, e.g.
 * {@code workers.simple_task_worker.max_instances: must be >= min_instances (1) but was 0}.
 */
public class RecoveryConfigException extends RuntimeException {

    private final List<String> problems;

    /**
     * @param problems each problem, with its path
     */
    public RecoveryConfigException(List<String> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * @param problem a single problem, with its path
     * @param cause what caused it
     */
    public RecoveryConfigException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    /** @return every problem found, with its path */
    public List<String> problems() {
        return problems;
    }

    private static String format(List<String> problems) {
        if (problems.size() == 1) {
            return "invalid recovery config: " + problems.get(0);
        }
        return "invalid recovery config (" + problems.size() + " problems):\n  " + String.join("\n  ", problems);
    }
}
