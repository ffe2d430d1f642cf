package io.github.workerrecovery.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The keys a provider accepts in one config section, in the order they are documented. The
 * config is checked against it when it is built, so that a typo ({@code ulr:}), a missing
 * required key or a value of the wrong type is reported with every other config problem, before
 * anything runs. A key not in the spec is a problem; a provider that takes free-form keys
 * declares one {@link SettingType#SECTION} setting for them.
 *
 * <p>Immutable and thread-safe.
 */
public final class SettingsSpec {

    private static final SettingsSpec NONE = new SettingsSpec(List.of());

    private final List<Setting> settings;
    private final Map<String, Setting> byKey;

    private SettingsSpec(List<Setting> settings) {
        Map<String, Setting> map = new LinkedHashMap<>();
        for (Setting s : settings) {
            if (map.putIfAbsent(s.key(), Objects.requireNonNull(s, "setting")) != null) {
                throw new IllegalArgumentException("setting '" + s.key() + "' is declared twice");
            }
        }
        this.settings = List.copyOf(settings);
        this.byKey = map;
    }

    /** @return the spec of a provider that takes no settings: any key is a problem */
    public static SettingsSpec none() {
        return NONE;
    }

    /**
     * @param settings the accepted keys, in documentation order
     * @return the spec
     * @throws IllegalArgumentException when a key is declared twice
     */
    public static SettingsSpec of(Setting... settings) {
        return of(Arrays.asList(settings));
    }

    /**
     * @param settings the accepted keys, in documentation order
     * @return the spec
     * @throws IllegalArgumentException when a key is declared twice
     */
    public static SettingsSpec of(List<Setting> settings) {
        return settings.isEmpty() ? NONE : new SettingsSpec(settings);
    }

    /**
     * @param more keys to add after these
     * @return a spec with this one's keys and {@code more}
     * @throws IllegalArgumentException when a key is declared twice
     */
    public SettingsSpec with(Setting... more) {
        List<Setting> all = new ArrayList<>(settings);
        all.addAll(Arrays.asList(more));
        return of(all);
    }

    /** @return the accepted keys, in documentation order */
    public List<Setting> settings() {
        return settings;
    }

    /**
     * @param key a key
     * @return its declaration, if declared
     */
    public Optional<Setting> setting(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** @return the accepted keys, comma separated, or {@code none} */
    public String keysText() {
        return settings.isEmpty() ? "none" : String.join(", ", byKey.keySet());
    }

    /**
     * Checks a section against this spec and adds one line per problem, each starting with the
     * full path of the value: an unknown key (with the known keys), a missing required key, a
     * value of the wrong type or out of range. After a check without problems, the typed getters
     * of {@link PluginSettings} do not throw for the declared keys.
     *
     * @param section the section, whose {@link PluginSettings#path()} prefixes every problem
     * @param problems where problems are added
     */
    public void check(PluginSettings section, List<String> problems) {
        // unknown keys first (a typo is usually why a required key is missing), sorted, then
        // the declared keys in their order: the lines read the same whatever the map's order
        new TreeSet<>(section.keys()).stream().filter(key -> !byKey.containsKey(key)).forEach(key ->
                problems.add(path(section, key) + ": unknown setting (known: " + keysText() + ")"));
        for (Setting s : settings) {
            if (section.has(s.key())) {
                s.check(section, problems);
            } else if (s.required()) {
                problems.add(path(section, s.key()) + ": is required (" + s.description() + ")");
            }
        }
    }

    private static String path(PluginSettings section, String key) {
        return section.path().isEmpty() ? key : section.path() + "." + key;
    }

    @Override
    public String toString() {
        return "SettingsSpec[" + keysText() + "]";
    }
}
