package io.github.workerrecovery.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the shared-outage guard may key a failure by, and what it may never. */
class FailureSignatureTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static HealthSignal exit(int code) {
        return HealthSignal.problem("runtime", HealthStatus.DEAD, FailureKind.PROCESS_EXITED, "exited", T0)
                .withMetrics(Map.of(FailureSignature.EXIT_CODE, (double) code));
    }

    private static HealthSignal probe(FailureKind kind) {
        return HealthSignal.problem("http", HealthStatus.CRITICAL, kind, "no answer", T0);
    }

    @Test
    void aKillFromOutsideIsNeverASignatureWhateverTheWorkerWrote() {
        for (int code : new int[] {128 + 9, 128 + 15, 128 + 2, 128 + 1}) {
            assertThat(FailureSignature.killedFromOutside(code)).as("exit code " + code).isTrue();
            assertThat(FailureSignature.of(exit(code), "3f2a0001", "Connection refused", true)).as("exit code " + code)
                    .isEmpty();
        }
    }

    @Test
    void aCrashByItsOwnSignalIsNotAKillFromOutside() {
        assertThat(FailureSignature.killedFromOutside(128 + 6)).as("SIGABRT").isFalse();
        assertThat(FailureSignature.killedFromOutside(128 + 11)).as("SIGSEGV").isFalse();
        assertThat(FailureSignature.of(exit(128 + 6), "3f2a0001", "assertion failed", false))
                .contains(new FailureSignature("3f2a0001", true, "pattern 3f2a0001: assertion failed"));
    }

    @Test
    void aMinedErrorPatternIsOneAtTheFirstFailure() {
        assertThat(FailureSignature.of(exit(3), "3f2a0001", "Connection refused to <*>", false))
                .contains(new FailureSignature("3f2a0001", true, "pattern 3f2a0001: Connection refused to <*>"));
        assertThat(FailureSignature.of(probe(FailureKind.HIGH_ERROR_RATE), "3f2a0002", "Timeout", false))
                .map(FailureSignature::key).contains("3f2a0002");
    }

    @Test
    void aBareExitCodeIsOneOnlyOnceARestartDidNotCureIt() {
        assertThat(FailureSignature.of(exit(3), null, "", false)).isEmpty();
        assertThat(FailureSignature.of(exit(3), null, "", true))
                .contains(new FailureSignature("exit code 3", false, "exit code 3 again after a restart, no error output"));
        assertThat(FailureSignature.of(exit(0), null, "", true)).as("a clean exit is no error").isEmpty();
    }

    @Test
    void aBareFailureKindIsNever() {
        for (FailureKind kind : FailureKind.values()) {
            assertThat(FailureSignature.of(probe(kind), null, "", true)).as(kind.name()).isEqualTo(Optional.empty());
        }
    }
}
