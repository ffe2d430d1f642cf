package io.github.workerrecovery.core.internal.learning;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.CorrelationConfig;
import io.github.workerrecovery.core.internal.learning.CorrelatedFailureGuard.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The guard's decisions on exact instants, without an engine. */
class CorrelatedFailureGuardTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String G = "default";
    private static final String P = "3f2a";

    private final CorrelatedFailureGuard guard = new CorrelatedFailureGuard(
            CorrelationConfig.ofDefaults().withCanaryInterval(Duration.ofSeconds(10)).withMaxHold(Duration.ofMinutes(2)),
            Duration.ofSeconds(60));

    private static InstanceId id(String worker, int slot) {
        return new InstanceId(WorkerId.of(worker), slot);
    }

    private Verdict fail(String worker, int groupSize, String signature, long atSecond) {
        return fail(id(worker, 0), groupSize, signature, atSecond);
    }

    private Verdict fail(InstanceId i, int groupSize, String signature, long atSecond) {
        return guard.onFailure(i, G, groupSize, signature, "pattern " + signature, T0.plusSeconds(atSecond)).verdict();
    }

    @Test
    void threeInstancesFailingAlikeWithinTheWindowTrip() {
        assertThat(fail("a", 10, P, 0)).isEqualTo(Verdict.PROCEED);
        assertThat(fail("b", 10, P, 10)).isEqualTo(Verdict.PROCEED);
        CorrelatedFailureGuard.Decision d = guard.onFailure(id("c", 0), G, 10, P, "pattern 3f2a: db down", T0.plusSeconds(29));

        assertThat(d.verdict()).isEqualTo(Verdict.TRIPPED);
        CorrelatedFailureGuard.Outage o = d.outage().orElseThrow();
        assertThat(o.affected()).containsExactly(id("a", 0), id("b", 0), id("c", 0));
        assertThat(guard.tripMessage(o)).isEqualTo("Shared outage: 3 instances of group default failed alike within 30 s "
                + "(pattern 3f2a: db down): a#0, b#0, c#0; their recoveries are held until one is healthy again (at most 2 min)");
        assertThat(fail("d", 10, P, 40)).as("a later failure alike joins silently").isEqualTo(Verdict.HOLD);
        assertThat(o.affected()).hasSize(4);
        assertThat(fail("e", 10, "other", 40)).isEqualTo(Verdict.PROCEED);
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowDoNotTrip() {
        assertThat(fail("a", 10, P, 0)).isEqualTo(Verdict.PROCEED);
        assertThat(fail("b", 10, P, 20)).isEqualTo(Verdict.PROCEED);
        assertThat(fail("c", 10, P, 31)).isEqualTo(Verdict.PROCEED); // a's failure is 31 s old
        assertThat(fail("d", 10, P, 52)).isEqualTo(Verdict.PROCEED); // b's is 32 s old
        assertThat(guard.outages()).isEmpty();
    }

    @Test
    void differentSignaturesOrGroupsDoNotTripTogether() {
        assertThat(fail("a", 10, "p1", 0)).isEqualTo(Verdict.PROCEED);
        assertThat(fail("b", 10, "p2", 1)).isEqualTo(Verdict.PROCEED);
        assertThat(fail("c", 10, "PROCESS_EXITED", 2)).isEqualTo(Verdict.PROCEED);
        assertThat(guard.onFailure(id("d", 0), "payments", 10, "p1", "", T0.plusSeconds(3)).verdict()).isEqualTo(Verdict.PROCEED);
        assertThat(guard.onFailure(id("e", 0), "search", 10, "p1", "", T0.plusSeconds(3)).verdict()).isEqualTo(Verdict.PROCEED);
        assertThat(guard.outages()).isEmpty();
    }

    @Test
    void theSameInstanceFailingAgainCountsOnce() {
        for (int s = 0; s < 5; s++) {
            assertThat(fail("a", 10, P, s)).isEqualTo(Verdict.PROCEED);
        }
        assertThat(fail("b", 10, P, 6)).isEqualTo(Verdict.PROCEED);
    }

    @Test
    void instancesOfOneWorkerCountOneByOne() {
        assertThat(fail(id("pool", 0), 10, P, 0)).isEqualTo(Verdict.PROCEED);
        assertThat(fail(id("pool", 1), 10, P, 0)).isEqualTo(Verdict.PROCEED);
        assertThat(fail(id("pool", 2), 10, P, 0)).isEqualTo(Verdict.TRIPPED);
    }

    @Test
    void halfOfASmallGroupTripsWithTwoButOneNever() {
        assertThat(fail("a", 4, P, 0)).isEqualTo(Verdict.PROCEED); // 1 of 4: a single failure is never an outage
        assertThat(fail("b", 4, P, 1)).isEqualTo(Verdict.TRIPPED); // 2 of 4 = 50 %

        CorrelatedFailureGuard other = new CorrelatedFailureGuard(CorrelationConfig.ofDefaults(), Duration.ofMinutes(5));
        assertThat(other.onFailure(id("a", 0), G, 1, P, "", T0).verdict()).isEqualTo(Verdict.PROCEED); // 1 of 1
        assertThat(other.onFailure(id("x", 0), G, 5, "q", "", T0).verdict()).isEqualTo(Verdict.PROCEED);
        assertThat(other.onFailure(id("y", 0), G, 5, "q", "", T0).verdict()).as("2 of 5 = 40 %").isEqualTo(Verdict.PROCEED);
    }

    @Test
    void canariesComeOneAtATimeWithDoublingIntervalsInTurn() {
        fail("a", 10, P, 0);
        fail("b", 10, P, 0);
        CorrelatedFailureGuard.Outage o = guard.onFailure(id("c", 0), G, 10, P, "", T0).outage().orElseThrow();
        guard.hold(o, id("a", 0)); // their planned retries were pulled back
        guard.hold(o, id("b", 0));
        assertThat(o.heldRecoveries()).isEqualTo(3);

        List<String> canaries = new ArrayList<>();
        List<Long> at = new ArrayList<>();
        while (o.nextWake().isBefore(T0.plusSeconds(120))) {
            Instant now = o.nextWake();
            CorrelatedFailureGuard.Wake w = guard.onWake(o, now);
            if (w.canary().isPresent()) {
                InstanceId c = w.canary().get();
                canaries.add(c.toString());
                at.add(Duration.between(T0, now).toSeconds());
                assertThat(guard.onFailure(c, G, 10, P, "", now).verdict()).isEqualTo(Verdict.CANARY);
                assertThat(guard.onFailure(c, G, 10, P, "", now).verdict()).as("the canary failed").isEqualTo(Verdict.HOLD);
            }
        }

        // 10 s doubling, capped by the 60 s cap: 10, 30, 70, 130 (past max_hold)
        assertThat(at).containsExactly(10L, 30L, 70L);
        assertThat(canaries).containsExactly("c#0", "a#0", "b#0");
        assertThat(o.canaries()).isEqualTo(3);
        assertThat(o.heldRecoveries()).as("failed canaries are not held recoveries").isEqualTo(3);
        CorrelatedFailureGuard.Wake end = guard.onWake(o, T0.plusSeconds(120));
        assertThat(end.ended()).hasValueSatisfying(e -> {
            assertThat(e.recovered()).isFalse();
            assertThat(e.resume()).containsExactly(id("c", 0), id("a", 0), id("b", 0));
            assertThat(e.message()).isEqualTo("Shared outage not over after 2 min ():"
                    + " hold lifted; 3 recoveries held back, 3 canary attempts; resuming c#0, a#0, b#0");
        });
        assertThat(end.next()).isEmpty();
        assertThat(o.open()).isFalse();
        // after max_hold the held are released at once, and the same outage does not trip again for another max_hold
        assertThat(fail("a", 10, P, 121)).isEqualTo(Verdict.RELEASE);
        assertThat(fail("b", 10, P, 121)).isEqualTo(Verdict.RELEASE);
        assertThat(fail("c", 10, P, 121)).isEqualTo(Verdict.RELEASE);
        assertThat(fail("c", 10, P, 122)).as("released once; then recovered as usual").isEqualTo(Verdict.PROCEED);
        // then the signature, an outage before, makes a lone failure wait one window for others
        assertThat(fail("d", 10, P, 241)).isEqualTo(Verdict.WAIT);
        assertThat(fail("e", 10, P, 242)).isEqualTo(Verdict.WAIT);
        assertThat(fail("f", 10, P, 243)).as("quiet time over").isEqualTo(Verdict.TRIPPED);
    }

    @Test
    void aCanaryStillRunningDelaysTheNextOne() {
        fail("a", 10, P, 0);
        fail("b", 10, P, 0);
        CorrelatedFailureGuard.Outage o = guard.onFailure(id("c", 0), G, 10, P, "", T0).outage().orElseThrow();
        assertThat(guard.onWake(o, T0.plusSeconds(10)).canary()).contains(id("c", 0));
        assertThat(guard.onFailure(id("c", 0), G, 10, P, "", T0.plusSeconds(10)).verdict()).isEqualTo(Verdict.CANARY);

        CorrelatedFailureGuard.Wake w = guard.onWake(o, T0.plusSeconds(30));
        assertThat(w.canary()).isEmpty();
        assertThat(w.next()).contains(T0.plusSeconds(50));
    }

    @Test
    void anAffectedInstanceHealthyAgainEndsTheOutageOnce() {
        fail("a", 10, P, 0);
        fail("b", 10, P, 0);
        CorrelatedFailureGuard.Outage o = guard.onFailure(id("c", 0), G, 10, P, "pattern 3f2a: db down", T0).outage().orElseThrow();
        guard.hold(o, id("a", 0));

        Optional<CorrelatedFailureGuard.Ending> end = guard.onRecovered(id("b", 0), T0.plusSeconds(95));

        assertThat(end).hasValueSatisfying(e -> {
            assertThat(e.recovered()).isTrue();
            assertThat(e.lasted()).isEqualTo(Duration.ofSeconds(95));
            assertThat(e.resume()).containsExactly(id("c", 0), id("a", 0));
            assertThat(e.message()).isEqualTo("Shared outage over after 95 s: b#0 is healthy again (pattern 3f2a: db down);"
                    + " 2 recoveries held back, 0 canary attempts; resuming c#0, a#0");
        });
        assertThat(guard.onRecovered(id("a", 0), T0.plusSeconds(96))).isEmpty();
        assertThat(guard.onWake(o, T0.plusSeconds(100)).next()).isEmpty();
    }

    @Test
    void aRecoveredInstanceNoLongerCountsTowardABurst() {
        fail("a", 10, P, 0);
        guard.onRecovered(id("a", 0), T0.plusSeconds(1));
        fail("b", 10, P, 2);
        assertThat(fail("c", 10, P, 3)).isEqualTo(Verdict.PROCEED);
    }

    @Test
    void disabledItAlwaysProceeds() {
        CorrelatedFailureGuard off = new CorrelatedFailureGuard(CorrelationConfig.disabled(), Duration.ofMinutes(5));
        for (String w : List.of("a", "b", "c", "d")) {
            assertThat(off.onFailure(id(w, 0), G, 4, P, "", T0).verdict()).isEqualTo(Verdict.PROCEED);
        }
    }

    @Test
    void durationsReadAtAGlance() {
        assertThat(CorrelatedFailureGuard.human(Duration.ofSeconds(119))).isEqualTo("119 s");
        assertThat(CorrelatedFailureGuard.human(Duration.ofSeconds(150))).isEqualTo("2 min 30 s");
        assertThat(CorrelatedFailureGuard.human(Duration.ofMinutes(10))).isEqualTo("10 min");
        assertThat(CorrelatedFailureGuard.human(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
    }

    @Test
    void aSignatureThatWasAnOutageMakesALoneFailureWaitOneWindowAndTheHeldResumeAtOnce() {
        fail("a", 10, P, 0);
        fail("b", 10, P, 0);
        assertThat(fail("c", 10, P, 0)).isEqualTo(Verdict.TRIPPED);
        assertThat(guard.onRecovered(id("c", 0), T0.plusSeconds(50))).isPresent();

        assertThat(fail("a", 10, P, 51)).as("held through the outage: resumes now").isEqualTo(Verdict.PROCEED);
        assertThat(fail("x", 10, P, 100)).as("a lone failure of the known signature").isEqualTo(Verdict.WAIT);
        assertThat(guard.waitingUntil(id("x", 0))).contains(T0.plusSeconds(130));
        assertThat(fail("x", 10, P, 129)).as("judged again inside the window").isEqualTo(Verdict.WAIT);
        assertThat(fail("x", 10, P, 130)).as("nobody followed").isEqualTo(Verdict.PROCEED);
        assertThat(guard.waitingUntil(id("x", 0))).isEmpty();
        assertThat(fail("y", 10, "other", 131)).as("another signature never waits").isEqualTo(Verdict.PROCEED);
    }

    @Test
    void anExitCodeSignatureTripsButIsNotRememberedAsAnOutageSignature() {
        for (String w : List.of("a", "b", "c")) {
            guard.onFailure(id(w, 0), G, 10, "exit code 3", false, "exit code 3", T0);
        }
        assertThat(guard.onRecovered(id("a", 0), T0.plusSeconds(5))).isPresent();

        assertThat(guard.onFailure(id("x", 0), G, 10, "exit code 3", false, "exit code 3", T0.plusSeconds(100))
                .verdict()).as("an exit code says too little to make a lone failure wait").isEqualTo(Verdict.PROCEED);
    }

    /** Trips P with a, b, c at T0 (c held) and holds d, e as they join; returns the outage. */
    private CorrelatedFailureGuard.Outage burstOfFive() {
        fail("a", 10, P, 0);
        fail("b", 10, P, 0);
        assertThat(fail("c", 10, P, 0)).isEqualTo(Verdict.TRIPPED);
        assertThat(fail("d", 10, P, 1)).isEqualTo(Verdict.HOLD);
        assertThat(fail("e", 10, P, 1)).isEqualTo(Verdict.HOLD);
        return guard.outages().get(0);
    }

    @Test
    void theEndReleasesEveryHeldInstanceAtOnceAndOnlyOnce() {
        burstOfFive();

        CorrelatedFailureGuard.Ending end = guard.onRecovered(id("a", 0), T0.plusSeconds(5)).orElseThrow();

        assertThat(end.resume()).containsExactly(id("c", 0), id("d", 0), id("e", 0));
        for (String w : List.of("c", "d", "e")) {
            assertThat(fail(w, 10, P, 5)).as(w + " released").isEqualTo(Verdict.RELEASE);
        }
        assertThat(fail("c", 10, P, 6)).as("its release did not cure it: recovered as usual").isEqualTo(Verdict.PROCEED);
        assertThat(guard.outages()).isEmpty();
    }

    @Test
    void theInstancesOfAnOutageThatEndedDoNotTripANewOneUntilHealthyAgain() {
        burstOfFive();
        guard.onRecovered(id("a", 0), T0.plusSeconds(5));

        // the released fail again alike, all of them, long after the burst: still the same outage's instances
        assertThat(fail("b", 10, P, 100)).as("restarted before the trip, never held").isEqualTo(Verdict.PROCEED);
        for (String w : List.of("c", "d", "e")) {
            assertThat(fail(w, 10, P, 100)).isEqualTo(Verdict.RELEASE);
            assertThat(fail(w, 10, P, 101)).isEqualTo(Verdict.PROCEED);
        }
        assertThat(guard.outages()).as("no second outage of one burst").isEmpty();

        // once healthy again, they count as anyone: the dependency going down again is a new outage
        for (String w : List.of("b", "c", "d")) {
            guard.onRecovered(id(w, 0), T0.plusSeconds(110));
        }
        assertThat(fail("b", 10, P, 200)).isEqualTo(Verdict.WAIT);
        assertThat(fail("c", 10, P, 200)).isEqualTo(Verdict.WAIT);
        assertThat(fail("d", 10, P, 200)).isEqualTo(Verdict.TRIPPED);
    }

    @Test
    void theStragglersOfABurstDoNotReopenTheOutageThatJustEnded() {
        burstOfFive();
        guard.onRecovered(id("c", 0), T0.plusSeconds(5)); // ended at 5 s

        // f, g, h fail alike within one window of the end: the tail of the same burst
        assertThat(fail("f", 10, P, 6)).isEqualTo(Verdict.PROCEED);
        assertThat(fail("g", 10, P, 20)).isEqualTo(Verdict.PROCEED);
        assertThat(fail("h", 10, P, 34)).isEqualTo(Verdict.PROCEED);
        assertThat(fail("f", 10, P, 40)).as("a straggler whose restart failed is still the same burst's")
                .isEqualTo(Verdict.PROCEED);
        assertThat(guard.outages()).isEmpty();

        // after the window, instances that were not part of it count afresh
        assertThat(fail("x", 10, P, 41)).isEqualTo(Verdict.WAIT);
        assertThat(fail("y", 10, P, 41)).isEqualTo(Verdict.WAIT);
        assertThat(fail("z", 10, P, 41)).isEqualTo(Verdict.TRIPPED);
    }

    @Test
    void anInstanceHealthySinceTheEndIsNoStraggler() {
        burstOfFive();
        guard.onRecovered(id("c", 0), T0.plusSeconds(5));
        for (String w : List.of("a", "b", "d", "e")) {
            guard.onRecovered(id(w, 0), T0.plusSeconds(6));
        }

        assertThat(fail("a", 10, P, 8)).isEqualTo(Verdict.WAIT);
        assertThat(fail("b", 10, P, 8)).isEqualTo(Verdict.WAIT);
        assertThat(fail("c", 10, P, 8)).as("down again after all were healthy: a new outage").isEqualTo(Verdict.TRIPPED);
    }
}
