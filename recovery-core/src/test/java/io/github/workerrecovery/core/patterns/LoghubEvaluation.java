package io.github.workerrecovery.core.patterns;

import io.github.workerrecovery.testkit.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Grouping accuracy of the miner on real, labelled logs: the Loghub benchmark's 2k samples
 * (github.com/logpai/loghub), which this project does not redistribute. For each system found
 * under the given directory ({@code <dir>/<System>/<System>_2k.log_structured.csv} with its
 * {@code Content} and {@code EventId} columns, and the raw {@code <dir>/<System>/<System>_2k.log},
 * line {@code i} of one being line {@code i} of the other) it feeds one fresh, default-configured
 * miner per system and mode:
 * <ul>
 *   <li><b>content</b>: the benchmark's {@code Content} column, the message without its header;
 *   <li><b>raw line</b>: the whole log line, as the engine feeds a worker's output line (a
 *       single-line {@link ErrorEvent}, so the header is stripped by {@link HeaderStripper}).
 * </ul>
 * and prints GA per system and the unweighted mean over the systems found. A checkout of
 * {@code logpai/loghub}, or a directory holding only the first lines of some systems in the same
 * layout, both work:
 * <pre>{@code
 * mvn -B -q test-compile -pl recovery-core -am
 * java -cp recovery-core/target/classes:recovery-core/target/test-classes:recovery-api/target/classes:recovery-testkit/target/classes \
 *     io.github.workerrecovery.core.patterns.LoghubEvaluation /path/to/loghub [max-lines-per-system]
 * }</pre>
 */
public final class LoghubEvaluation {

    /** The 16 systems of the Loghub 2k benchmark, in its order. */
    static final List<String> SYSTEMS = List.of("HDFS", "Hadoop", "Spark", "Zookeeper", "BGL", "HPC", "Thunderbird",
            "Windows", "Linux", "Android", "HealthApp", "Apache", "Proxifier", "OpenSSH", "OpenStack", "Mac");

    /** One system's lines: the message, the raw line and the true event of each. */
    record Sample(String system, List<String> contents, List<String> rawLines, List<String> events) {
    }

    /** GA of one system in both modes. */
    record Result(String system, int lines, int events, double gaContent, double gaRaw, int patternsContent,
            int patternsRaw) {
    }

    private LoghubEvaluation() {
    }

    /**
     * @param args the directory, and optionally the most lines used per system
     * @throws IOException when a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: LoghubEvaluation DIRECTORY [MAX_LINES_PER_SYSTEM] [--details]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        boolean details = List.of(args).contains("--details");
        boolean detailsRaw = List.of(args).contains("--details-raw");
        int max = args.length > 1 && !args[1].startsWith("--") ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
        List<Result> results = new ArrayList<>();
        for (String system : SYSTEMS) {
            Sample sample = load(dir, system, max);
            if (sample == null) {
                System.out.println(system + ": not found, skipped");
                continue;
            }
            results.add(evaluate(sample));
            if (details || detailsRaw) {
                System.out.print(mistakes(sample, detailsRaw));
            }
        }
        System.out.print(table(results));
    }

    /**
     * @return the first {@code max} lines of a system, or null when its files are not there
     * @throws IllegalArgumentException when the structured file lacks a column
     */
    static Sample load(Path dir, String system, int max) throws IOException {
        Path structured = dir.resolve(system).resolve(system + "_2k.log_structured.csv");
        Path raw = dir.resolve(system).resolve(system + "_2k.log");
        if (!Files.isRegularFile(structured) || !Files.isRegularFile(raw)) {
            return null;
        }
        List<List<String>> rows = Csv.parse(Files.readString(structured, StandardCharsets.UTF_8));
        List<String> header = rows.get(0);
        int content = column(header, "Content", structured);
        int event = column(header, "EventId", structured);
        List<String> rawLines = new ArrayList<>();
        for (String line : Files.readAllLines(raw, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                rawLines.add(line);
            }
        }
        int n = Math.min(max, Math.min(rows.size() - 1, rawLines.size()));
        List<String> contents = new ArrayList<>(n);
        List<String> events = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            contents.add(rows.get(i).get(content));
            events.add(rows.get(i).get(event));
        }
        return new Sample(system, contents, rawLines.subList(0, n), events);
    }

    private static int column(List<String> header, String name, Path file) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(file + " has no column " + name + " (columns: " + header + ")");
        }
        return i;
    }

    /** Mines the system's lines in both modes, each with a fresh miner. */
    static Result evaluate(Sample s) {
        ErrorPatternMiner byContent = new ErrorPatternMiner(new ManualClock());
        ErrorPatternMiner byRawLine = new ErrorPatternMiner(new ManualClock());
        List<String> predictedContent = new ArrayList<>();
        List<String> predictedRaw = new ArrayList<>();
        for (int i = 0; i < s.events().size(); i++) {
            predictedContent.add(idOf(byContent, s.contents().get(i), i));
            predictedRaw.add(idOf(byRawLine, s.rawLines().get(i), i));
        }
        int n = s.events().size();
        return new Result(s.system(), n, (int) s.events().stream().distinct().count(),
                (double) GroupingAccuracy.right(predictedContent, s.events()) / n,
                (double) GroupingAccuracy.right(predictedRaw, s.events()) / n, byContent.size(), byRawLine.size());
    }

    /** A blank message gets no pattern: it is a group of its own. */
    private static String idOf(ErrorPatternMiner miner, String line, int index) {
        return miner.add(null, ErrorEvent.line(line)).map(PatternMatch::id).orElse("blank#" + index);
    }

    /** Every true event not grouped exactly right, with the templates its lines got, in content or raw-line mode. */
    static String mistakes(Sample s, boolean raw) {
        ErrorPatternMiner miner = new ErrorPatternMiner(new ManualClock());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < s.events().size(); i++) {
            ids.add(idOf(miner, (raw ? s.rawLines() : s.contents()).get(i), i));
        }
        java.util.Map<String, java.util.Set<String>> byEvent = new java.util.TreeMap<>();
        java.util.Map<String, java.util.Set<String>> byId = new java.util.HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            byEvent.computeIfAbsent(s.events().get(i), k -> new java.util.TreeSet<>()).add(ids.get(i));
            byId.computeIfAbsent(ids.get(i), k -> new java.util.TreeSet<>()).add(s.events().get(i));
        }
        StringBuilder out = new StringBuilder();
        byEvent.forEach((event, predicted) -> {
            if (predicted.size() > 1 || byId.get(predicted.iterator().next()).size() > 1) {
                long lines = s.events().stream().filter(event::equals).count();
                out.append("  ").append(s.system()).append(' ').append(event).append(" (").append(lines)
                        .append(" lines) ->\n");
                for (String id : predicted) {
                    out.append("      ").append(miner.pattern(id).map(p -> p.template()).orElse(id))
                            .append("   (events ").append(byId.get(id)).append(")\n");
                }
            }
        });
        return out.toString();
    }

    static String table(List<Result> results) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-12s %6s %7s %10s %8s %10s%n",
                "system", "lines", "events", "GA content", "GA raw", "patterns"));
        double content = 0;
        double raw = 0;
        for (Result r : results) {
            out.append(String.format(Locale.ROOT, "%-12s %6d %7d %10.3f %8.3f %5d/%d%n", r.system(), r.lines(),
                    r.events(), r.gaContent(), r.gaRaw(), r.patternsContent(), r.patternsRaw()));
            content += r.gaContent();
            raw += r.gaRaw();
        }
        if (!results.isEmpty()) {
            out.append(String.format(Locale.ROOT, "%-12s %6s %7s %10.3f %8.3f%n", "mean", "", "",
                    content / results.size(), raw / results.size()));
        }
        return out.toString();
    }

    /** Comma-separated values as the benchmark writes them: quoted fields, doubled quotes inside. */
    static final class Csv {

        private Csv() {
        }

        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            int n = text.length();
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                } else {
                    field.append(c);
                }
            }
            if (field.length() > 0 || !row.isEmpty()) {
                row.add(field.toString());
                rows.add(row);
            }
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("no header row: the file is empty");
            }
            return rows;
        }
    }
}
