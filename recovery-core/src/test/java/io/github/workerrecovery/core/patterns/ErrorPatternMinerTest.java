package io.github.workerrecovery.core.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorPatternMinerTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private final ErrorPatternMiner miner = new ErrorPatternMiner(clock);

    @Test
    void sameTemplateWithOtherValuesIsOnePatternWithAStableId() {
        PatternMatch first = miner.add("2026-11-29 10:00:00,001 ERROR [main] c.a.Db - Connection refused to 10.0.0.1:5432").orElseThrow();
        clock.advance(Duration.ofSeconds(5));
        PatternMatch second = miner.add("2026-11-29 10:00:05,001 ERROR [io-3] c.a.Db - Connection refused to 10.0.0.7:6432").orElseThrow();

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.template()).isEqualTo("Connection refused to <*>:<*>");
        assertThat(first.id()).isEqualTo(PatternIds.of("Connection refused to <*>:<*>", "", 0)).hasSize(8);
        ErrorPattern p = miner.pattern(first.id()).orElseThrow();
        assertThat(p.count()).isEqualTo(2);
        assertThat(p.firstSeen()).isEqualTo(T0);
        assertThat(p.lastSeen()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void aGeneralisedTemplateKeepsTheIdOfItsFirstForm() {
        PatternMatch first = miner.add("Replica db-primary is lagging behind").orElseThrow();
        PatternMatch second = miner.add("Replica cache-east is lagging behind").orElseThrow();

        assertThat(second.id()).isEqualTo(first.id()).isEqualTo(PatternIds.of("Replica db-primary is lagging behind", "", 0));
        assertThat(second.template()).isEqualTo("Replica <*> is lagging behind");
    }

    @Test
    void templatesThatDifferInATemplateWordStayApart() {
        String in = miner.add("User 42 logged in from 10.0.0.1").orElseThrow().id();
        String out = miner.add("User 43 logged out from 10.0.0.2").orElseThrow().id();
        String hit = miner.add("Cache hit for key 'a'").orElseThrow().id();
        String miss = miner.add("Cache miss for key 'b'").orElseThrow().id();
        String finished = miner.add("Job 1 finished in 3ms").orElseThrow().id();
        String failed = miner.add("Job 2 failed in 3ms").orElseThrow().id();
        String inited = miner.add("job_1445_0020 Transitioned from NEW to INITED").orElseThrow().id();
        String setup = miner.add("job_1445_0021 Transitioned from INITED to SETUP").orElseThrow().id();

        assertThat(List.of(in, out, hit, miss, finished, failed, inited, setup)).doesNotHaveDuplicates();
        assertThat(miner.size()).isEqualTo(8);
    }

    @Test
    void qualifiedConstantsThatDifferStayApartAndOtherQualifiedNamesMerge() {
        String placed = miner.add("Order 17 moved to OrderState.PLACED").orElseThrow().id();
        String shipped = miner.add("Order 18 moved to OrderState.SHIPPED").orElseThrow().id();
        String placedAgain = miner.add("Order 19 moved to OrderState.PLACED").orElseThrow().id();
        String east = miner.add("Replica for shard 4 is db.east").orElseThrow().id();
        PatternMatch west = miner.add("Replica for shard 5 is db.west").orElseThrow();

        assertThat(placed).isNotEqualTo(shipped).isEqualTo(placedAgain);
        assertThat(west.id()).isEqualTo(east);
        assertThat(west.template()).isEqualTo("Replica for shard <*> is <*>");
        assertThat(PatternTree.differentTemplateWords("com.acme.Event.ORDER_PAID,", "com.acme.Event.ORDER_PLACED,")).isTrue();
        assertThat(PatternTree.differentTemplateWords("Event.PAID", "Status.FAILED")).isFalse();
        assertThat(PatternTree.differentTemplateWords("State.RUNNING", "State.running")).isFalse();
    }

    @Test
    void keysLabelsAndNamesFromCodeStayApartAndValuesBeforeAColonMerge() {
        String retFalse = miner.add("shouldBlock ret:false").orElseThrow().id();
        String retTrue = miner.add("shouldBlock ret:true").orElseThrow().id();
        String overlap = miner.add("shouldBlock overlap:false").orElseThrow().id();
        String brightnessIn = miner.add("HBM brightnessIn =38").orElseThrow().id();
        String brightnessOut = miner.add("HBM brightnessOut =38").orElseThrow().id();
        String memory = miner.add("Total memory: 64172 MB, used: 512.00 MB").orElseThrow().id();
        String disk = miner.add("Total disk: 15 GB, used: 0.00 GB").orElseThrow().id();
        String absent = miner.add("auth failure; ruser= rhost=").orElseThrow().id();
        String present = miner.add("auth failure; ruser= rhost=10.0.0.1").orElseThrow().id();
        String saturn = miner.add("Unable to resolve host saturn: temporary failure").orElseThrow().id();
        PatternMatch venus = miner.add("Unable to resolve host venus: temporary failure").orElseThrow();

        assertThat(List.of(retFalse, retTrue, overlap, brightnessIn, brightnessOut, memory, disk, absent, present, saturn))
                .doesNotHaveDuplicates();
        assertThat(venus.id()).isEqualTo(saturn);
        assertThat(venus.template()).isEqualTo("Unable to resolve host <*> temporary failure");
    }

    @Test
    void aValueOfVaryingLengthIsOneValue() {
        String small = miner.add("proxy:5070 close, 0 bytes sent, 0 bytes received, lifetime 00:01").orElseThrow().id();
        PatternMatch large = miner.add("proxy:5070 close, 1190 bytes (1.16 KB) sent, 9 bytes received, lifetime <1 sec")
                .orElseThrow();

        assertThat(large.id()).isEqualTo(small);
        // the leading address goes as header
        assertThat(large.template()).isEqualTo("close, <*> sent, <*> received, lifetime <*>");
    }

    @Test
    void countsPerWorker() {
        WorkerId a = WorkerId.of("a");
        WorkerId b = WorkerId.of("b");
        miner.add(a, ErrorEvent.line("disk full on /data"));
        miner.add(a, ErrorEvent.line("disk full on /var"));
        String id = miner.add(b, ErrorEvent.line("disk full on /tmp")).orElseThrow().id();
        miner.add(ErrorEvent.line("disk full on /srv"));

        ErrorPattern p = miner.pattern(id).orElseThrow();
        assertThat(p.count()).isEqualTo(4);
        assertThat(p.workers()).isEqualTo(Map.of(a, 2L, b, 1L));
    }

    @Test
    void blankLinesAreNoPattern() {
        assertThat(miner.add("   ")).isEmpty();
        assertThat(miner.add("")).isEmpty();
        assertThat(miner.size()).isZero();
    }

    @Test
    void assignMatchesWithoutLearning() {
        String id = miner.add("Timeout after 35ms waiting for orders").orElseThrow().id();
        miner.add("Timeout after 12ms waiting for payments");

        assertThat(miner.assign(ErrorEvent.line("Timeout after 99ms waiting for billing")).orElseThrow().id()).isEqualTo(id);
        assertThat(miner.assign(ErrorEvent.line("Timeout after 99ms"))).isEmpty();
        assertThat(miner.pattern(id).orElseThrow().count()).isEqualTo(2);
    }

    @Test
    void keepsAtMostTheCapForgettingTheLeastRecentlySeen() {
        ErrorPatternMiner small = new ErrorPatternMiner(clock, 3);
        String a = small.add("alpha failed").orElseThrow().id();
        clock.advance(Duration.ofSeconds(1));
        String b = small.add("beta broke down").orElseThrow().id();
        clock.advance(Duration.ofSeconds(1));
        String c = small.add("gamma went away quietly").orElseThrow().id();
        clock.advance(Duration.ofSeconds(1));
        small.add("alpha failed"); // a is now the most recently seen
        clock.advance(Duration.ofSeconds(1));
        String d = small.add("delta is on fire now, really").orElseThrow().id();

        assertThat(small.size()).isEqualTo(3);
        assertThat(small.evicted()).isEqualTo(1);
        assertThat(small.patterns()).extracting(ErrorPattern::id).containsExactlyInAnyOrder(a, c, d);
        assertThat(small.pattern(b)).isEmpty();
        // the forgotten one starts afresh, with the same id, and pushes out the next oldest (c)
        PatternMatch again = small.add("beta broke down").orElseThrow();
        assertThat(again.created()).isTrue();
        assertThat(again.id()).isEqualTo(b);
        assertThat(small.patterns()).extracting(ErrorPattern::id).containsExactlyInAnyOrder(a, b, d);
    }

    @Test
    void idsAndCountsSurviveASaveAndRestore() {
        WorkerId w = WorkerId.of("w");
        String single = miner.add(w, ErrorEvent.line("Connection refused to 10.0.0.1:5432")).orElseThrow().id();
        miner.add(w, ErrorEvent.line("Replica db-primary is lagging behind"));
        miner.add(w, ErrorEvent.line("Replica cache-east is lagging behind"));
        String trace = miner.add(w, javaTrace("Order 42 not found", "com.acme.Orders.load(Orders.java:42)")).orElseThrow().id();
        List<ErrorPattern> saved = miner.patterns();

        ErrorPatternMiner restarted = new ErrorPatternMiner(new ManualClock(T0.plusSeconds(3600)));
        restarted.restore(saved);

        assertThat(restarted.patterns()).isEqualTo(saved);
        PatternMatch again = restarted.add(w, ErrorEvent.line("Connection refused to 10.9.9.9:1")).orElseThrow();
        assertThat(again.created()).isFalse();
        assertThat(again.id()).isEqualTo(single);
        assertThat(restarted.add(w, ErrorEvent.line("Replica search is lagging behind")).orElseThrow().created()).isFalse();
        PatternMatch traceAgain = restarted.add(w, javaTrace("Order 7 not found", "com.acme.Orders.load(Orders.java:42)")).orElseThrow();
        assertThat(traceAgain.id()).isEqualTo(trace);
        assertThat(traceAgain.created()).isFalse();
        assertThat(restarted.pattern(single).orElseThrow().count()).isEqualTo(2);
        assertThat(restarted.size()).isEqualTo(saved.size());
    }

    @Test
    void rejectsACapBelowOne() {
        assertThatThrownBy(() -> new ErrorPatternMiner(clock, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPatterns must be >= 1 but was 0");
    }

    static ErrorEvent javaTrace(String message, String ownFrame) {
        return new ErrorEvent(ErrorEvent.Kind.STACK_TRACE, List.of(
                "java.lang.IllegalStateException: " + message,
                "\tat java.base/java.util.Optional.orElseThrow(Optional.java:403)",
                "\tat " + ownFrame,
                "\tat java.base/java.lang.Thread.run(Thread.java:833)"));
    }
}
