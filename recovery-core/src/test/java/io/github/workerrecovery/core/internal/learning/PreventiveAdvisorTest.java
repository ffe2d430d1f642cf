package io.github.workerrecovery.core.internal.learning;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.PatternInsight;
import io.github.workerrecovery.api.RecoveryAction;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.AdviceConfig;
import io.github.workerrecovery.core.action.ConnectionResetAction;
import io.github.workerrecovery.core.action.GracefulRestartAction;
import io.github.workerrecovery.core.action.MemoryCleanupAction;
import io.github.workerrecovery.core.action.RestartAction;
import io.github.workerrecovery.core.action.ScaleUpAction;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Preventive suggestions on exact instants, without an engine. */
class PreventiveAdvisorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final WorkerId W = WorkerId.of("billing");
    private static final String OOM = "java.lang.OutOfMemoryError: Java heap space";

    private final PreventiveAdvisor advisor = new PreventiveAdvisor(AdviceConfig.ofDefaults());

    private Optional<PatternInsight> oom(Instant at) {
        return advisor.onFailure(W, FailureKind.PROCESS_EXITED, Optional.of("9c1d"), OOM, at);
    }

    private RecoveryOutcome outcome(String action, boolean success, FailureKind failure, Optional<String> pattern) {
        return new RecoveryOutcome(new InstanceId(W, 0), failure, action, success, "", T0, Duration.ofSeconds(1), 1, false,
                pattern);
    }

    @Test
    void elevenOccurrencesInADayGiveOneInsightWithTheFixThatWorked() {
        for (int i = 0; i < 10; i++) {
            assertThat(oom(T0.plus(Duration.ofHours(2 * i)))).isEmpty();
            advisor.onOutcome(outcome("graceful_restart", true, FailureKind.PROCESS_EXITED, Optional.of("9c1d")), false,
                    T0.plus(Duration.ofHours(2 * i)));
        }

        Optional<PatternInsight> insight = oom(T0.plus(Duration.ofHours(20)));

        assertThat(insight).hasValueSatisfying(i -> {
            assertThat(i.worker()).contains(W);
            assertThat(i.patternId()).isEqualTo("recurring:9c1d");
            assertThat(i.description()).isEqualTo(OOM);
            assertThat(i.occurrences()).isEqualTo(11);
            assertThat(i.suggestion()).isEqualTo("raise its heap or memory limit, or schedule a restart before it runs out");
            assertThat(i.message()).isEqualTo("worker billing: `" + OOM + "` 11x in 24 h, graceful_restart fixes it"
                    + " 100 % (10 of 10): raise its heap or memory limit, or schedule a restart before it runs out");
            assertThat(i.timestamp()).isEqualTo(T0.plus(Duration.ofHours(20)));
        });
    }

    @Test
    void tenInADayOrElevenSpreadOverMoreThanADayGiveNone() {
        for (int i = 0; i < 10; i++) {
            assertThat(oom(T0.plus(Duration.ofHours(i)))).isEmpty();
        }
        // the 11th comes when the first is exactly 24 h old: still 10 within the sliding day
        assertThat(oom(T0.plus(Duration.ofHours(24)))).isEmpty();
        assertThat(advisor.onFailure(WorkerId.of("other"), FailureKind.PROCESS_EXITED, Optional.of("9c1d"), OOM,
                T0.plus(Duration.ofHours(24)))).as("counted per worker").isEmpty();
    }

    @Test
    void atMostOneInsightPerWorkerAndPatternADay() {
        for (int i = 0; i < 11; i++) {
            oom(T0.plusSeconds(i));
        }
        for (int i = 11; i < 40; i++) {
            assertThat(oom(T0.plus(Duration.ofMinutes(i)))).isEmpty();
        }
        assertThat(oom(T0.plus(Duration.ofHours(24)).plusSeconds(10))).as("a day after the first insight").isPresent();
    }

    @Test
    void aFailureWithoutPatternRecursByItsKindWithAdviceForIt() {
        Optional<PatternInsight> last = Optional.empty();
        for (int i = 0; i < 11; i++) {
            last = advisor.onFailure(W, FailureKind.CONNECTION_LOST, Optional.empty(), "", T0.plusSeconds(60L * i));
        }

        assertThat(last).hasValueSatisfying(i -> {
            assertThat(i.patternId()).isEqualTo("recurring:CONNECTION_LOST");
            assertThat(i.message()).isEqualTo("worker billing: `CONNECTION_LOST` 11x in 24 h, no recovery fixed it yet:"
                    + " check the dependency's availability and the client's reconnect/keepalive settings");
        });
    }

    @Test
    void adviceFollowsTheKindOfFailure() {
        assertThat(PreventiveAdvisor.advice(FailureKind.HEARTBEAT_TIMEOUT, "", W, ""))
                .startsWith("look for what stalls it");
        assertThat(PreventiveAdvisor.advice(FailureKind.PROCESS_EXITED, "order <*> not found", W, "restart"))
                .isEqualTo("fix the error at its source (logs/billing.err), or schedule a restart");
        assertThat(PreventiveAdvisor.advice(FailureKind.PROCESS_EXITED, "psycopg2.OperationalError: connection to server failed", W, ""))
                .isEqualTo("check the dependency's availability and the client's reconnect/keepalive settings");
        assertThat(PreventiveAdvisor.advice(FailureKind.START_FAILED, "", W, ""))
                .isEqualTo("check its command, working directory, permissions and environment");
    }

    @Test
    void fiveDearRecoveriesInARowSuggestLookingForTheRootCause() {
        Map<String, RecoveryAction> actions = builtIns();
        assertThat(PreventiveAdvisor.dearer("restart", FailureKind.CONNECTION_LOST, actions)).isTrue();
        assertThat(PreventiveAdvisor.dearer("graceful_restart", FailureKind.CONNECTION_LOST, actions)).isFalse();
        assertThat(PreventiveAdvisor.dearer("restart", FailureKind.PROCESS_EXITED, actions))
                .as("nothing cheaper applies to a dead process").isFalse();
        assertThat(PreventiveAdvisor.dearer("memory_cleanup", FailureKind.HIGH_MEMORY, actions)).isFalse();
        assertThat(PreventiveAdvisor.dearer("no_such_action", FailureKind.HIGH_MEMORY, actions)).isFalse();

        RecoveryOutcome dear = outcome("restart", true, FailureKind.CONNECTION_LOST, Optional.empty());
        for (int i = 0; i < 4; i++) {
            assertThat(advisor.onOutcome(dear, true, T0.plusSeconds(i))).isEmpty();
        }
        assertThat(advisor.onOutcome(outcome("restart", false, FailureKind.CONNECTION_LOST, Optional.empty()), true,
                T0.plusSeconds(5))).as("a failed attempt neither counts nor breaks the streak").isEmpty();

        Optional<PatternInsight> insight = advisor.onOutcome(dear, true, T0.plusSeconds(6));

        assertThat(insight).hasValueSatisfying(i -> {
            assertThat(i.patternId()).isEqualTo("costly:billing");
            assertThat(i.occurrences()).isEqualTo(5);
            assertThat(i.description()).isEqualTo("last 5 recoveries needed restart x5");
            assertThat(i.message()).isEqualTo("worker billing: the last 5 successful recoveries all needed an action as dear"
                    + " as restart (restart x5): cheaper actions do not help: look for the root cause (logs/billing.err,"
                    + " its dependencies, its resources) instead of paying for restarts");
        });
        for (int i = 0; i < 10; i++) {
            assertThat(advisor.onOutcome(dear, true, T0.plusSeconds(10 + i))).as("once a day").isEmpty();
        }
    }

    @Test
    void aCheapRecoveryBreaksTheStreak() {
        RecoveryOutcome dear = outcome("restart", true, FailureKind.CONNECTION_LOST, Optional.empty());
        for (int i = 0; i < 4; i++) {
            advisor.onOutcome(dear, true, T0.plusSeconds(i));
        }
        advisor.onOutcome(outcome("connection_reset", true, FailureKind.CONNECTION_LOST, Optional.empty()), false,
                T0.plusSeconds(5));
        for (int i = 0; i < 4; i++) {
            assertThat(advisor.onOutcome(dear, true, T0.plusSeconds(6 + i))).isEmpty();
        }
        assertThat(advisor.onOutcome(dear, true, T0.plusSeconds(11))).isPresent();
    }

    @Test
    void disabledItSaysNothing() {
        PreventiveAdvisor off = new PreventiveAdvisor(new AdviceConfig(false, 1, 1));
        for (int i = 0; i < 5; i++) {
            assertThat(off.onFailure(W, FailureKind.PROCESS_EXITED, Optional.empty(), "", T0.plusSeconds(i))).isEmpty();
            assertThat(off.onOutcome(outcome("restart", true, FailureKind.CONNECTION_LOST, Optional.empty()), true,
                    T0.plusSeconds(i))).isEmpty();
        }
    }

    private static Map<String, RecoveryAction> builtIns() {
        Map<String, RecoveryAction> m = new LinkedHashMap<>();
        for (RecoveryAction a : List.of(new ConnectionResetAction(), new MemoryCleanupAction(), new GracefulRestartAction(),
                new RestartAction(), new ScaleUpAction())) {
            m.put(a.name(), a);
        }
        return m;
    }
}
