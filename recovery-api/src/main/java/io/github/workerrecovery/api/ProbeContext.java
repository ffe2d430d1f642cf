package io.github.workerrecovery.api;

/**
 * What a probe gets for one check of one instance.
 */
public interface ProbeContext {

    /** @return the instance to check */
    WorkerInstance instance();

    /**
     * The worker's own settings for this probe: the section named after the probe in the
     * worker's {@code probes:} entry (e.g. {@code probes: {http: {url: ...}}}), empty if none.
     *
     * @return the settings
     */
    PluginSettings workerSettings();

    /** @return the engine's time source */
    TimeSource time();
}
