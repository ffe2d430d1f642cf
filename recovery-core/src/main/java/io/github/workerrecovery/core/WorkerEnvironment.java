package io.github.workerrecovery.core;

import static io.github.workerrecovery.core.PartKeys.row;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and with what environment a worker's process runs. Immutable. Nothing to validate: any
 * directory and any variables are accepted, and a missing directory fails the start, with its
 * reason, like any start.
 *
 * @param workingDir the process's working directory; {@code working_dir}, relative to the config
 *     file's directory, default empty: the host's
 * @param env variables added to the inherited environment; {@code env},
 *     default none
 */
public record WorkerEnvironment(Optional<Path> workingDir, Map<String, String> env) {

    /** The defaults: the host's working directory, nothing added to the environment. */
    public static final WorkerEnvironment DEFAULTS = new WorkerEnvironment(Optional.empty(), Map.of());

    /** The keys of this part, for the file reader and the builder. */
    static final PartKeys<WorkerEnvironment> KEYS = PartKeys.of(WorkerEnvironment.class,
            row("working_dir", "workingDir", ConfigValue.SOME_PATH),
            row("env", "env", ConfigValue.TEXT_MAP));

    /** @throws NullPointerException when a value is null */
    public WorkerEnvironment {
        Objects.requireNonNull(workingDir, "workingDir");
        env = Map.copyOf(env);
    }

    /**
     * @param name a variable
     * @param value its value
     * @return a copy with the variable added or replaced
     */
    public WorkerEnvironment withVariable(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put(name, value);
        return new WorkerEnvironment(workingDir, all);
    }
}
