package io.github.workerrecovery.cli.format;

import java.util.List;

/**
 * The {@code strategies} output: per {@link StrategyGroups.Group} a header line (failure kind,
 * then the pattern's id and template, or {@code (no error pattern)}) and a table of its actions,
 * the preferred one marked with {@code *}; or the same structure as JSON.
 */
public final class StrategyTable {

    /** Printed under the tables: what the marker and the imported column mean. */
    public static final String LEGEND = "* preferred: what the planner picks when it does not explore (learned odds, "
            + "the cheapest within 0.05 of the best, costs as the engine saved them), once it worked; IMPORTED: "
            + "attempts seen by other hosts, included in ATTEMPTS";

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
     * The JSON form of the listing, {@code strategies --json}: every member written, {@code null}
     * where there is nothing (no pattern, no preferred action, no mean time without a success).
     *
     * @param groups one per failure and error pattern, in order
     */
    public record GroupsDto(List<GroupDto> groups) {
    }

    /**
     * @param failure the failure kind's Java name
     * @param pattern the error pattern, or {@code null}
     * @param preferred the preferred action, or {@code null} when none worked yet
     * @param actions one per action, preferred first
     */
    public record GroupDto(String failure, PatternDto pattern, String preferred, List<ActionDto> actions) {
    }

    /**
     * @param id the pattern's id
     * @param template its template, or {@code null} when the patterns file does not have it
     */
    public record PatternDto(String id, String template) {
    }

    /**
     * @param action the action's name
     * @param attempts attempts over all origins
     * @param successes successes over all origins
     * @param successRate {@code successes / attempts}
     * @param meanTimeToRecoverMs the mean over the successes, or {@code null} without one
     * @param importedAttempts attempts learned from other hosts
     * @param preferred whether the planner prefers it
     * @param origins the evidence per origin
     */
    public record ActionDto(String action, long attempts, long successes, double successRate, Long meanTimeToRecoverMs,
                            long importedAttempts, boolean preferred, List<OriginDto> origins) {
    }

    /**
     * @param origin {@code local} or the host the evidence came from
     * @param attempts its attempts
     * @param successes its successes
     */
    public record OriginDto(String origin, long attempts, long successes) {
    }

    /**
     * @param groups the groups, in order
     * @return {@code {"groups": [{"failure", "pattern": {"id", "template"} | null, "preferred",
     *     "actions": [{"action", "attempts", "successes", "success_rate", "mean_time_to_recover_ms",
     *     "imported_attempts", "preferred", "origins": [{"origin", "attempts", "successes"}]}]}]}}
     */
    public static GroupsDto toJson(List<StrategyGroups.Group> groups) {
        return new GroupsDto(groups.stream().map(g -> new GroupDto(g.failure().name(),
                g.patternId().map(id -> new PatternDto(id, g.template().orElse(null))).orElse(null),
                g.preferred().orElse(null),
                g.rows().stream().map(r -> new ActionDto(r.action(), r.attempts(), r.successes(), r.successRate(),
                        r.successes() > 0 ? r.meanTimeToRecover().toMillis() : null, r.importedAttempts(), r.preferred(),
                        r.shares().stream().map(sh -> new OriginDto(sh.origin(), sh.attempts(), sh.successes())).toList()))
                        .toList()))
                .toList());
    }
}
