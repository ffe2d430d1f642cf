package io.github.workerrecovery.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The declared-settings check: one line per problem, each with its path, in a stable order. */
class SettingsSpecTest {

    private static final SettingsSpec SPEC = SettingsSpec.of(
            Setting.required("url", SettingType.TEXT, "the URL to call"),
            Setting.integer("retries", 3, "further attempts").between(0, 10),
            Setting.number("factor", 1.5, "growth per attempt").atLeast(1),
            Setting.bool("verbose", false, "log every attempt"),
            Setting.duration("timeout", Duration.ofSeconds(5), "limit of one attempt").atLeast(0.001),
            Setting.textList("kinds", "which events"),
            Setting.section("headers", "free-form request headers"),
            Setting.section("limits", "nested limits", SettingsSpec.of(Setting.integer("burst", 5, "burst size"))));

    private static List<String> check(Map<String, ?> section) {
        List<String> problems = new ArrayList<>();
        SPEC.check(PluginSettings.of("plugins.x", section), problems);
        return problems;
    }

    @Test
    void aValidSectionHasNoProblem() {
        assertThat(check(Map.of("url", "http://h", "retries", "2", "factor", 2, "verbose", "true", "timeout", "1s",
                "kinds", "incident", "headers", Map.of("X-Any", "v"), "limits", Map.of("burst", 1)))).isEmpty();
    }

    @Test
    void everyProblemIsOneLineWithItsPathUnknownKeysFirstThenInDeclarationOrder() {
        assertThat(check(Map.of("zz", 1, "retries", 11, "factor", "big", "verbose", "yes", "timeout", "0s",
                "headers", "Authorization: secret", "limits", Map.of("brust", 2), "aa", true)))
                .containsExactly(
                        "plugins.x.aa: unknown setting (known: url, retries, factor, verbose, timeout, kinds, headers, limits)",
                        "plugins.x.zz: unknown setting (known: url, retries, factor, verbose, timeout, kinds, headers, limits)",
                        "plugins.x.url: is required (the URL to call)",
                        "plugins.x.retries: must be 0..10 but was 11",
                        "plugins.x.factor: must be a number but was 'big'",
                        "plugins.x.verbose: must be true or false but was 'yes'",
                        "plugins.x.timeout: must be >= 1 ms but was 0 ms",
                        "plugins.x.headers: must be an object of names to values",
                        "plugins.x.limits.brust: unknown setting (known: burst)");
    }

    @Test
    void aBlankRequiredTextCountsAsMissingAndAnEmptySpecRefusesEveryKey() {
        assertThat(check(Map.of("url", " "))).containsExactly("plugins.x.url: is required (the URL to call)");
        assertThat(check(Map.of("url", List.of("a", "b"))))
                .containsExactly("plugins.x.url: must be a text value, not a list or an object");
        List<String> problems = new ArrayList<>();
        SettingsSpec.none().check(PluginSettings.of("plugins.log", Map.of("level", "debug")), problems);
        assertThat(problems).containsExactly("plugins.log.level: unknown setting (known: none)");
    }

    @Test
    void declarationsThatCannotBeRightAreRefused() {
        assertThatThrownBy(() -> SettingsSpec.of(Setting.bool("a", true, "x"), Setting.bool("a", false, "y")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("setting 'a' is declared twice");
        assertThatThrownBy(() -> Setting.textList("kinds", "x").atLeast(1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("setting 'kinds' of type TEXT_LIST cannot have a range");
        assertThatThrownBy(() -> Setting.bool("Bad-Key", true, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setting key must be lower case letters, digits and _ but was 'Bad-Key'");
        assertThat(Setting.duration("timeout", Duration.ofMillis(1500), "x").defaultValue()).contains("1.5 s");
        assertThat(Setting.integer("port", 0, "x").between(1, 65535).rangeText()).isEqualTo("1..65535");
    }
}
