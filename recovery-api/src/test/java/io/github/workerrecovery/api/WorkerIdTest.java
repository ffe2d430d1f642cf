package io.github.workerrecovery.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class WorkerIdTest {

    /** The documented rule, as a regex: the hand-written check must agree with it everywhere. */
    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @Test
    void theHandWrittenCheckAgreesWithTheDocumentedRule() {
        List<String> samples = List.of("a", "api", "api-1", "api_1", "api.v2", "A9", "9a", "a..b", "a.b.c", "a.",
                ".a", "-a", "_a", "", "a/b", "a\\b", "a b", "ä", "a\u0000", "x".repeat(64), "x".repeat(65),
                "..", "a...", "a-.-b", "a:b", "a\nb");
        for (String s : samples) {
            boolean expected = RULE.matcher(s).matches() && !s.contains("..");
            assertThat(WorkerId.isValid(s)).as("'%s'", s).isEqualTo(expected);
        }
        for (char c = 0; c < 512; c++) {
            String s = "a" + c + "b";
            assertThat(WorkerId.isValid(s)).as("char %d", (int) c)
                    .isEqualTo(RULE.matcher(s).matches() && !s.contains(".."));
        }
        assertThat(WorkerId.isValid(null)).isFalse();
    }

    @Test
    void anUnsafeIdIsRefusedWithItsText() {
        assertThatThrownBy(() -> WorkerId.of("../etc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'../etc'");
    }
}
