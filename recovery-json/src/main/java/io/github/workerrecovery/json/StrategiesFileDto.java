package io.github.workerrecovery.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.workerrecovery.api.LearningMemory;
import io.github.workerrecovery.api.StrategyKey;
import io.github.workerrecovery.api.StrategyStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code data/recovery_strategies.json}: every learned statistic, sorted so the file diffs well,
 * and the rest of what was learned ({@link LearningMemory}) in members of their own.
 * <pre>{@code
 * {"version": 1,
 *  "strategies": [{"failure": "PROCESS_EXITED", "action": "restart", "attempts": 4,
 *                  "successes": 3, "total_recovery_millis": 900,
 *                  "recent_recovery_millis": [200, 300, 400]}, ...],
 *  "action_costs": {"connection_reset": 10, "restart": 40, ...},
 *  "evidence_segments": [{"failure": "HIGH_ERROR_RATE", "pattern": "1f0c2ab4", "action": "graceful_restart",
 *                         "from_attempts": 120, "from_successes": 120, "recent": "FFF", "changed": true}],
 *  "outage_signatures": [{"group": "", "signature": "3f2a9c10"}]}
 * }</pre>
 * The entries are {@link StrategyStatsDto}s. The three memory members are optional and left out
 * when empty: a file written before they existed reads as having none, and a build that does not
 * know them reads the statistics and ignores them (the reader ignores members it does not know),
 * which is why adding them did not change the version.
 *
 * @param version the format version, {@value #VERSION}
 * @param strategies the entries
 * @param actionCosts every action's cost by name, or {@code null}
 * @param evidenceSegments where strategies' current evidence starts, or {@code null}
 * @param outageSignatures error signatures that were shared outages, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StrategiesFileDto(Integer version, List<StrategyStatsDto> strategies, Map<String, Integer> actionCosts,
                                List<SegmentDto> evidenceSegments, List<OutageSignatureDto> outageSignatures) {

    /** The one version of the format written and understood. */
    public static final int VERSION = 1;

    /**
     * One {@link LearningMemory.EvidenceSegment}.
     *
     * @param failure the failure kind's Java name
     * @param pattern the error pattern's id, or {@code null}
     * @param action the action's name
     * @param fromAttempts attempts before the current evidence
     * @param fromSuccesses successes among them
     * @param recent the latest outcomes, oldest first, {@code S} or {@code F} each
     * @param changed whether a change was ever detected
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SegmentDto(String failure, String pattern, String action, Long fromAttempts, Long fromSuccesses,
                             String recent, Boolean changed) {

        static SegmentDto of(LearningMemory.EvidenceSegment s) {
            return new SegmentDto(s.key().failure().name(), s.key().pattern().orElse(null), s.key().action(),
                    s.fromAttempts(), s.fromSuccesses(), s.recent(), s.changed());
        }

        LearningMemory.EvidenceSegment toSegment() {
            return new LearningMemory.EvidenceSegment(new StrategyKey(Fields.failureKind(failure),
                    Fields.optionalNonBlank(pattern, "pattern"), Fields.nonBlank(action, "action")),
                    Fields.nonNegative(fromAttempts, "from_attempts"), Fields.nonNegative(fromSuccesses, "from_successes"),
                    recent == null ? "" : recent, Boolean.TRUE.equals(changed));
        }
    }

    /**
     * One {@link LearningMemory.OutageSignature}.
     *
     * @param group the group, empty for the host's workers without one
     * @param signature the error pattern's id
     */
    public record OutageSignatureDto(String group, String signature) {
    }

    /**
     * @param all the statistics
     * @return the file's bytes: indented JSON ending in a newline
     * @throws IllegalArgumentException when two statistics have the same key and origin
     */
    public static byte[] write(Collection<StrategyStats> all) {
        return write(all, LearningMemory.EMPTY);
    }

    /**
     * @param all the statistics
     * @param memory the rest of what was learned; its empty parts are left out
     * @return the file's bytes: indented JSON ending in a newline
     * @throws IllegalArgumentException when two statistics have the same key and origin
     */
    public static byte[] write(Collection<StrategyStats> all, LearningMemory memory) {
        Map<String, Integer> costs = memory.actionCosts().isEmpty() ? null : new TreeMap<>(memory.actionCosts());
        List<SegmentDto> segments = null;
        if (!memory.segments().isEmpty()) {
            List<LearningMemory.EvidenceSegment> sorted = new ArrayList<>(memory.segments());
            sorted.sort(Comparator.comparing((LearningMemory.EvidenceSegment s) -> s.key().failure().name())
                    .thenComparing(s -> s.key().pattern().orElse("")).thenComparing(s -> s.key().action()));
            segments = sorted.stream().map(SegmentDto::of).toList();
        }
        List<OutageSignatureDto> signatures = memory.outageSignatures().isEmpty() ? null
                : memory.outageSignatures().stream().sorted(Comparator.comparing(LearningMemory.OutageSignature::group)
                        .thenComparing(LearningMemory.OutageSignature::signature))
                        .map(o -> new OutageSignatureDto(o.group(), o.signature())).toList();
        return RecoveryJson.toPrettyBytes(new StrategiesFileDto(VERSION, StrategyStatsDto.entries(all), costs, segments,
                signatures));
    }

    /**
     * @param bytes the file's content
     * @return the statistics, in file order
     * @throws IllegalArgumentException one line saying what is wrong and where
     */
    public static List<StrategyStats> read(byte[] bytes) {
        return StrategyStatsDto.toStats(bind(bytes).strategies());
    }

    /**
     * @param bytes the file's content
     * @return the memory it holds; empty parts for members it lacks
     * @throws IllegalArgumentException one line saying what is wrong and where
     */
    public static LearningMemory readMemory(byte[] bytes) {
        StrategiesFileDto file = bind(bytes);
        Map<String, Integer> costs = new LinkedHashMap<>();
        if (file.actionCosts() != null) {
            file.actionCosts().forEach((name, cost) -> {
                if (name.isBlank() || cost == null) {
                    throw new IllegalArgumentException("action_costs: '" + name + "' must have a whole-number cost but was "
                            + cost);
                }
                costs.put(name, cost);
            });
        }
        List<LearningMemory.EvidenceSegment> segments = new ArrayList<>();
        if (file.evidenceSegments() != null) {
            for (int i = 0; i < file.evidenceSegments().size(); i++) {
                try {
                    SegmentDto s = file.evidenceSegments().get(i);
                    if (s == null) {
                        throw new IllegalArgumentException("not a JSON object");
                    }
                    segments.add(s.toSegment());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("evidence_segments[" + i + "]: " + e.getMessage(), e);
                }
            }
        }
        List<LearningMemory.OutageSignature> signatures = new ArrayList<>();
        if (file.outageSignatures() != null) {
            for (int i = 0; i < file.outageSignatures().size(); i++) {
                OutageSignatureDto o = file.outageSignatures().get(i);
                try {
                    if (o == null) {
                        throw new IllegalArgumentException("not a JSON object");
                    }
                    signatures.add(new LearningMemory.OutageSignature(o.group() == null ? "" : o.group(),
                            Fields.nonBlank(o.signature(), "signature")));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("outage_signatures[" + i + "]: " + e.getMessage(), e);
                }
            }
        }
        return new LearningMemory(costs, segments, signatures);
    }

    private static StrategiesFileDto bind(byte[] bytes) {
        return RecoveryJson.bind(VersionedFile.parse(bytes, VERSION, ""), StrategiesFileDto.class);
    }
}
