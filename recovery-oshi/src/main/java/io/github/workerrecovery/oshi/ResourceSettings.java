package io.github.workerrecovery.oshi;

import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.Setting;
import java.time.Duration;
import java.util.List;

/**
 * The settings of the {@code resources} probe for one worker: the plug-in's section
 * ({@code plugins.resources}) gives the defaults for every worker, the worker's own section
 * ({@code workers.<id>.probes.resources}) overrides them key by key.
 *
 * @param includeChildren sum the instance's whole process tree; default false
 * @param cpuCriticalPercent CPU % (of one core) above which the instance is CRITICAL; default 95
 * @param memoryCriticalPercent resident memory % above which the instance is CRITICAL; default 95
 * @param leakDetection whether the memory trend is watched; default true
 * @param leakWindow samples the trend keeps; default 30
 * @param leakRule what counts as a leak: {@code leak_min_samples} (20), {@code leak_min_growth}
 *     (0.05), {@code leak_min_agreement} (0.7), {@code leak_horizon} (30 min)
 */
record ResourceSettings(boolean includeChildren, double cpuCriticalPercent, double memoryCriticalPercent,
                        boolean leakDetection, int leakWindow, LeakRule leakRule) {

    /**
     * The keys both sections take, with the built-in defaults. Ranges that involve two keys
     * ({@code leak_min_samples <= leak_window}) are checked by {@link #parse}, when the probe is
     * made for the plug-in's section and at each check for a worker's.
     */
    static final List<Setting> KEYS = List.of(
            Setting.bool("include_children", false, "sum the instance's whole process tree"),
            Setting.number("cpu_critical_threshold", 95, "CPU % of one core above which the instance is CRITICAL"),
            Setting.number("memory_critical_threshold", 95, "resident memory % above which the instance is CRITICAL")
                    .between(0, 100),
            Setting.bool("leak_detection", true, "whether the memory trend is watched"),
            Setting.integer("leak_window", 30, "samples the memory trend keeps").atLeast(4),
            Setting.integer("leak_min_samples", 20, "samples before a leak can be predicted, <= leak_window").atLeast(4),
            Setting.number("leak_min_growth", 0.05, "relative growth over the window that counts").atLeast(0),
            Setting.number("leak_min_agreement", 0.7, "share of sample pairs that must rise").between(0.5, 1),
            Setting.duration("leak_horizon", Duration.ofMinutes(30), "how far ahead a crossing counts as a leak"));

    /** The defaults, when neither section sets a key. */
    static final ResourceSettings DEFAULTS = new ResourceSettings(false, 95, 95, true, 30,
            new LeakRule(20, 0.05, 0.7, Duration.ofMinutes(30)));

    /**
     * @param section a section ({@code plugins.resources} or a worker's {@code probes.resources})
     * @param fallback what a key absent from the section takes
     * @return the settings
     * @throws IllegalArgumentException naming the key's path and the rule when a value is unusable
     */
    static ResourceSettings parse(PluginSettings section, ResourceSettings fallback) {
        LeakRule rule = fallback.leakRule();
        ResourceSettings s = new ResourceSettings(
                section.bool("include_children", fallback.includeChildren()),
                section.number("cpu_critical_threshold", fallback.cpuCriticalPercent()),
                section.number("memory_critical_threshold", fallback.memoryCriticalPercent()),
                section.bool("leak_detection", fallback.leakDetection()),
                section.integer("leak_window", fallback.leakWindow()),
                new LeakRule(section.integer("leak_min_samples", rule.minSamples()),
                        section.number("leak_min_growth", rule.minGrowth()),
                        section.number("leak_min_agreement", rule.minAgreement()),
                        section.duration("leak_horizon", rule.horizon())));
        s.validate(section);
        return s;
    }

    private void validate(PluginSettings section) {
        require(cpuCriticalPercent > 0, section, "cpu_critical_threshold", "must be > 0", cpuCriticalPercent);
        require(memoryCriticalPercent > 0 && memoryCriticalPercent <= 100, section, "memory_critical_threshold",
                "must be > 0 and <= 100", memoryCriticalPercent);
        require(leakWindow >= 4, section, "leak_window", "must be >= 4", leakWindow);
        require(leakRule.minSamples() >= 4 && leakRule.minSamples() <= leakWindow, section, "leak_min_samples",
                "must be >= 4 and <= leak_window (" + leakWindow + ")", leakRule.minSamples());
        require(leakRule.minGrowth() >= 0, section, "leak_min_growth", "must be >= 0", leakRule.minGrowth());
        require(leakRule.minAgreement() >= 0.5 && leakRule.minAgreement() <= 1, section, "leak_min_agreement",
                "must be >= 0.5 and <= 1", leakRule.minAgreement());
        require(!leakRule.horizon().isZero(), section, "leak_horizon", "must be > 0", leakRule.horizon());
    }

    private static void require(boolean ok, PluginSettings section, String key, String rule, Object value) {
        if (!ok) {
            String path = section.path().isEmpty() ? key : section.path() + "." + key;
            throw new IllegalArgumentException(path + ": " + rule + " but was " + value);
        }
    }
}
