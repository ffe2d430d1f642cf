package io.github.workerrecovery.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.WorkerId;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of {@code data/recovery_patterns.json}: what {@link JsonFileStrategyStore} writes
 * and reads for error patterns, sorted by id so the file diffs well:
 * <pre>{@code
 * {"version": 1,
 *  "patterns": [{"id": "1f0c2ab4", "template": "Connection refused to <*>:<*>", "location": "",
 *                "count": 12, "first_seen": "2026-01-01T00:00:00Z", "last_seen": "2026-01-02T00:00:00Z",
 *                "workers": {"orders": 12}}]}
 * }</pre>
 */
final class PatternsFile {

    private static final int FORMAT_VERSION = 1;
    private static final Comparator<ErrorPattern> FILE_ORDER = Comparator.comparing(ErrorPattern::id);

    private PatternsFile() {
    }

    /**
     * @throws IllegalArgumentException when two patterns have the same id
     */
    static byte[] write(ObjectMapper mapper, Collection<ErrorPattern> all) throws IOException {
        List<ErrorPattern> sorted = new ArrayList<>(all);
        sorted.sort(FILE_ORDER);
        ObjectNode root = mapper.createObjectNode();
        root.put("version", FORMAT_VERSION);
        ArrayNode entries = root.putArray("patterns");
        Set<String> seen = new HashSet<>();
        for (ErrorPattern p : sorted) {
            if (!seen.add(p.id())) {
                throw new IllegalArgumentException("two error patterns with id " + p.id() + " in one save");
            }
            ObjectNode entry = entries.addObject();
            entry.put("id", p.id());
            entry.put("template", p.template());
            entry.put("location", p.location());
            entry.put("count", p.count());
            entry.put("first_seen", p.firstSeen().toString());
            entry.put("last_seen", p.lastSeen().toString());
            ObjectNode workers = entry.putObject("workers");
            p.workers().forEach((w, n) -> workers.put(w.value(), n));
        }
        byte[] json = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        byte[] content = new byte[json.length + 1];
        System.arraycopy(json, 0, content, 0, json.length);
        content[json.length] = '\n';
        return content;
    }

    /**
     * @throws IOException when the bytes are not JSON
     * @throws IllegalArgumentException when the JSON is not a valid patterns file, naming the entry
     */
    static List<ErrorPattern> read(ObjectMapper mapper, byte[] bytes) throws IOException {
        JsonNode entries = VersionedJson.entries(mapper, bytes, FORMAT_VERSION, "patterns");
        List<ErrorPattern> result = new ArrayList<>(entries.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            ErrorPattern p;
            try {
                p = entry(entries.get(i));
            } catch (IllegalArgumentException | DateTimeException e) {
                throw new IllegalArgumentException("patterns[" + i + "]: " + e.getMessage(), e);
            }
            if (!ids.add(p.id())) {
                throw new IllegalArgumentException("patterns[" + i + "]: a second pattern with id " + p.id());
            }
            result.add(p);
        }
        return List.copyOf(result);
    }

    private static ErrorPattern entry(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Map<WorkerId, Long> workers = new LinkedHashMap<>();
        JsonNode w = node.get("workers");
        if (w != null && !w.isNull()) {
            if (!w.isObject()) {
                throw new IllegalArgumentException("'workers' must be an object");
            }
            for (Map.Entry<String, JsonNode> e : w.properties()) {
                workers.put(WorkerId.of(e.getKey()), VersionedJson.nonNegativeLong(e.getValue(), "workers." + e.getKey()));
            }
        }
        // ErrorPattern checks counts, blank ids and the order of the two instants itself
        return new ErrorPattern(VersionedJson.text(node, "id"), VersionedJson.text(node, "template"), VersionedJson.text(node, "location"),
                VersionedJson.nonNegativeLong(VersionedJson.field(node, "count"), "count"), Instant.parse(VersionedJson.text(node, "first_seen")),
                Instant.parse(VersionedJson.text(node, "last_seen")), workers);
    }



}
