package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.api.LearningMemory;
import io.github.workerrecovery.api.StrategyKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the {@link StrategyBook}'s evidence segments into the saved form and back: the latest
 * outcomes as bits (bit 0 the most recent) in the book, as letters oldest first
 * ({@code "SSF"}) in {@link LearningMemory}, so that a person reading the file sees them in the
 * order they happened.
 */
final class LearningMemoryCodec {

    private LearningMemoryCodec() {
    }

    static List<LearningMemory.EvidenceSegment> segments(Map<StrategyKey, StrategyBook.Segment> segments) {
        List<LearningMemory.EvidenceSegment> out = new ArrayList<>();
        segments.forEach((key, seg) -> {
            StringBuilder recent = new StringBuilder(seg.count());
            for (int i = seg.count() - 1; i >= 0; i--) {
                recent.append((seg.bits() >>> i & 1) == 1 ? 'S' : 'F');
            }
            out.add(new LearningMemory.EvidenceSegment(key, seg.fromAttempts(), seg.fromSuccesses(), recent.toString(),
                    seg.changed()));
        });
        return out;
    }

    static Map<StrategyKey, StrategyBook.Segment> segments(LearningMemory memory) {
        Map<StrategyKey, StrategyBook.Segment> out = new LinkedHashMap<>();
        for (LearningMemory.EvidenceSegment s : memory.segments()) {
            long bits = 0;
            for (int i = 0; i < s.recent().length(); i++) {
                bits = (bits << 1) | (s.recent().charAt(i) == 'S' ? 1 : 0);
            }
            out.put(s.key(), new StrategyBook.Segment(s.fromAttempts(), s.fromSuccesses(), bits, s.recent().length(),
                    s.changed()));
        }
        return out;
    }
}
