package io.github.workerrecovery.cli.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The {@code strategies} output: per {@link StrategyGroups.Group} a header line (failure kind,
 * then the pattern's id and template, or {@code (no error pattern)}) and a table of its actions,
 * the preferred one marked with {@code *}; or the same structure as JSON.
 */
public final class StrategyTable {

    /** Printed under the tables: what the marker and the imported column mean. */
    public static final String LEGEND = "* preferred: the highest success rate among actions that worked at least "
            + "once (ties: the shorter mean time to recover); IMPORTED: attempts seen by other hosts, included in "
            + "ATTEMPTS";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String MARK = "  * ";
    private static final String NO_MARK = "    ";

    private StrategyTable() {
    }

    /**
     * @param groups the groups, in order
     * @return one block per group, separated by a blank line, then the {@link #LEGEND}
     */
    public static String render(List<StrategyGroups.Group> groups) {
        StringBuilder out = new StringBuilder();
        for (StrategyGroups.Group g : groups) {
            out.append(header(g)).append('\n');
            TextTable table = new TextTable("ACTION", "ATTEMPTS", "SUCCESSES", "SUCCESS %", "MEAN TTR", "IMPORTED")
                    .alignRight(1, 2, 3, 4, 5);
            for (StrategyGroups.Row r : g.rows()) {
                table.row(r.action(), r.attempts(), r.successes(), Formats.percent(r.successRate()),
                        r.successes() > 0 ? Formats.duration(r.meanTimeToRecover()) : Formats.ABSENT,
                        r.importedAttempts());
            }
            // the marker column is added here: TextTable prints an empty cell as "-"
            List<String> lines = table.render().lines().toList();
            out.append(NO_MARK).append(lines.get(0)).append('\n');
            for (int i = 0; i < g.rows().size(); i++) {
                out.append(g.rows().get(i).preferred() ? MARK : NO_MARK).append(lines.get(i + 1)).append('\n');
            }
            out.append('\n');
        }
        return out.append(LEGEND).append('\n').toString();
    }

    /**
     * @param g a group
     * @return e.g. {@code HIGH_ERROR_RATE  pattern 1f0c2ab4: Connection refused to <*>:<*>}
     */
    static String header(StrategyGroups.Group g) {
        String pattern = g.patternId()
                .map(id -> "pattern " + id + g.template().map(t -> ": " + Formats.oneLine(t))
                        .orElse(" (template not in the home's patterns file)"))
                .orElse("(no error pattern)");
        return g.failure() + "  " + pattern;
    }

    /**
     * @param groups the groups, in order
     * @return {@code {"groups": [{"failure", "pattern": {"id", "template"} | null, "preferred",
     *     "actions": [{"action", "attempts", "successes", "success_rate", "mean_time_to_recover_ms",
     *     "imported_attempts", "preferred", "origins": [{"origin", "attempts", "successes"}]}]}]}}
     */
    public static ObjectNode toJson(List<StrategyGroups.Group> groups) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode array = root.putArray("groups");
        for (StrategyGroups.Group g : groups) {
            ObjectNode group = array.addObject();
            group.put("failure", g.failure().name());
            if (g.patternId().isPresent()) {
                ObjectNode pattern = group.putObject("pattern");
                pattern.put("id", g.patternId().get());
                pattern.put("template", g.template().orElse(null));
            } else {
                group.putNull("pattern");
            }
            group.put("preferred", g.preferred().orElse(null));
            ArrayNode actions = group.putArray("actions");
            for (StrategyGroups.Row r : g.rows()) {
                ObjectNode row = actions.addObject();
                row.put("action", r.action());
                row.put("attempts", r.attempts());
                row.put("successes", r.successes());
                row.put("success_rate", r.successRate());
                if (r.successes() > 0) {
                    row.put("mean_time_to_recover_ms", r.meanTimeToRecover().toMillis());
                } else {
                    row.putNull("mean_time_to_recover_ms");
                }
                row.put("imported_attempts", r.importedAttempts());
                row.put("preferred", r.preferred());
                ArrayNode origins = row.putArray("origins");
                r.shares().forEach(s -> origins.addObject().put("origin", s.origin()).put("attempts", s.attempts())
                        .put("successes", s.successes()));
            }
        }
        return root;
    }
}
