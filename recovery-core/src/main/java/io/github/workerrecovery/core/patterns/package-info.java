/**
 * Error pattern mining: {@link io.github.workerrecovery.core.patterns.ErrorPatternMiner} turns
 * worker error output into templates with stable ids ({@code Connection refused to <*>:<*>}),
 * after {@link io.github.workerrecovery.core.patterns.MultiLineErrorAssembler} has grouped stack
 * traces and tracebacks into single {@link io.github.workerrecovery.core.patterns.ErrorEvent}s.
 * The engine mines the error of each incident and stores the patterns through the
 * {@link io.github.workerrecovery.api.StrategyStore}; the {@code worker-recovery patterns} command
 * mines files. Everything else in the package (header stripping, masking, the tree) is internal.
 */
package io.github.workerrecovery.core.patterns;
