package io.github.workerrecovery.core.patterns;

import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.WorkerId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** One pattern while it is mined: its template tokens, counts and place in the tree. Miner thread only. */
final class Cluster {

    final String id;
    /** Exception type of a multi-line error; empty for a single line. */
    final String type;
    /** Code location of a multi-line error; empty for a single line. */
    final String location;
    final String[] tokens;
    private String template;
    long count;
    final Instant firstSeen;
    Instant lastSeen;
    private Map<WorkerId, Long> workers;
    PatternTree.Node leaf;

    Cluster(String id, String type, String location, String[] tokens, Instant firstSeen) {
        this.id = id;
        this.type = type;
        this.location = location;
        this.tokens = tokens;
        this.firstSeen = firstSeen;
        this.lastSeen = firstSeen;
    }

    /** @return the template as shown and stored; rebuilt only after a change */
    String template() {
        if (template == null) {
            template = render(type, tokens);
        }
        return template;
    }

    void generalise(int position, String token) {
        tokens[position] = token;
        template = null;
    }

    void seen(Instant at, WorkerId worker) {
        count++;
        if (at.isAfter(lastSeen)) {
            lastSeen = at;
        }
        if (worker != null) {
            if (workers == null) {
                workers = new HashMap<>(4);
            }
            workers.merge(worker, 1L, Long::sum);
        }
    }

    void restoreCounts(long savedCount, Instant savedLastSeen, Map<WorkerId, Long> savedWorkers) {
        count = savedCount;
        lastSeen = savedLastSeen;
        if (!savedWorkers.isEmpty()) {
            workers = new HashMap<>(savedWorkers);
        }
    }

    ErrorPattern snapshot() {
        return new ErrorPattern(id, template(), location, count, firstSeen, lastSeen, workers == null ? Map.of() : workers);
    }

    static String render(String type, String[] tokens) {
        String message = String.join(" ", tokens);
        if (type.isEmpty()) {
            return message;
        }
        return message.isEmpty() ? type : type + ": " + message;
    }
}
