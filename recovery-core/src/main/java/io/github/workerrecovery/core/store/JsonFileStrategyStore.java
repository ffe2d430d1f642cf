package io.github.workerrecovery.core.store;

import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.ErrorPattern;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.LearningMemory;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.Setting;
import io.github.workerrecovery.api.SettingsSpec;
import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.StrategyStore;
import io.github.workerrecovery.api.StrategyStoreProvider;
import io.github.workerrecovery.core.io.AtomicFiles;
import io.github.workerrecovery.json.PatternsFileDto;
import io.github.workerrecovery.json.RecoveryOutcomeDto;
import io.github.workerrecovery.json.StrategiesFileDto;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link io.github.workerrecovery.api.StrategyStore} (name {@code json}): learned
 * strategy statistics and recovery history as plain JSON files under {@code data/} in the
 * engine's home.
 *
 * <ul>
 *   <li>{@code data/recovery_strategies.json} holds every statistic, rewritten as a whole on
 *       each save through a temporary file, fsync and an atomic rename, so that after a crash the
 *       old or the new set is read back, never a torn file. Shape (entries sorted by failure
 *       name, then action, so the file diffs well):
 *       <pre>{@code
 * {"version": 1,
 *  "strategies": [{"failure": "PROCESS_EXITED", "action": "restart", "attempts": 4,
 *                  "successes": 3, "total_recovery_millis": 900,
 *                  "recent_recovery_millis": [200, 300, 400]},
 *                 {"failure": "HIGH_ERROR_RATE", "pattern": "1f0c2ab4", "action": "connection_reset",
 *                  "origin": "host-7d41", "attempts": 9, ...}]}
 * }</pre>
 *       {@code pattern} is left out for failures without an error pattern and {@code origin} for
 *       this host's own evidence (see {@link StrategiesFileDto}). The same file holds the rest of
 *       what was learned ({@link LearningMemory}: action costs, evidence segments, outage
 *       signatures) in optional members, written in the same atomic rename.
 *   <li>{@code data/recovery_history.jsonl} holds one recovery outcome per line, appended and
 *       forced to disk per record:
 *       <pre>{@code
 * {"worker":"w","slot":0,"failure":"PROCESS_EXITED","action":"restart","success":true,
 *  "detail":"...","started_at":"2026-01-01T00:00:00Z","time_to_recover_ms":120,"attempt":1,
 *  "manual":false,"pattern":"1f0c2ab4","decision":{"policy":"learned","chosen":"restart",...}}
 * }</pre>
 *       Times to recover are stored in whole milliseconds; {@code pattern}, the id of the error
 *       pattern of the failure, is left out when there is none (and read as none when absent);
 *       {@code decision}, why the action was chosen, likewise (see {@link RecoveryOutcomeDto}).
 *   <li>{@code data/recovery_patterns.json} holds the mined error patterns, rewritten as a whole
 *       like the statistics (see {@link PatternsFileDto} for its shape).
 * </ul>
 * All three are mapped by the records of {@code recovery-json}, the project's one JSON mapping.
 *
 * <p><b>Corruption.</b> A statistics file that does not parse or holds impossible values (more
 * successes than attempts, an unknown failure kind, ...) is renamed to
 * {@code recovery_strategies.json.corrupt-<timestamp>} (never overwritten), reported with a
 * {@link AlertSeverity#HIGH HIGH} alert and a WARN log, and the store starts with no
 * statistics. The patterns file is treated the same way. A last history line that a crash cut
 * short (no newline, not a whole record) is set aside when the store is made: copied to
 * {@code recovery_history.jsonl.corrupt-<timestamp>}, cut from the file, reported with one
 * {@link AlertSeverity#MEDIUM MEDIUM} alert; every record before it is kept. Any other history
 * line that does not parse is skipped with a WARN naming its line number.
 *
 * <p><b>Settings</b> (section {@code plugins.json}): {@code history_retention}, the number of
 * history records kept, an integer {@code >= 1}, default {@value #DEFAULT_HISTORY_RETENTION}.
 * The file is compacted to the newest {@code history_retention} records once it exceeds that
 * by {@code max(100, history_retention / 10)} lines, so that appends stay cheap.
 *
 * <p><b>Threads.</b> All methods are synchronized: the engine calls one at a time, but a CLI
 * command reading history in the same JVM is safe too. Another process reading the files sees
 * whole files (atomic renames) and whole lines, except possibly a line being appended.
 */
public final class JsonFileStrategyStore implements StrategyStore {

    /** The default of {@code history_retention}. */
    public static final int DEFAULT_HISTORY_RETENTION = 10_000;

    /** The statistics file, relative to the home. */
    public static final String STRATEGIES_FILE = "data/recovery_strategies.json";

    /** The history file, relative to the home. */
    public static final String HISTORY_FILE = "data/recovery_history.jsonl";

    /** The error patterns file, relative to the home. */
    public static final String PATTERNS_FILE = "data/recovery_patterns.json";

    private static final Logger LOG = LoggerFactory.getLogger(JsonFileStrategyStore.class);

    private static final String RETENTION_KEY = "history_retention";
    private static final int MIN_COMPACTION_SLACK = 100;
    private static final byte NEWLINE = '\n';

    /** The store's name, the default of the config's {@code store}. */
    public static final String NAME = "json";

    /** The keys of the store's {@code plugins.json} section. */
    public static final SettingsSpec SETTINGS = SettingsSpec.of(
            Setting.integer(RETENTION_KEY, DEFAULT_HISTORY_RETENTION, "history records kept").atLeast(1));

    private final PluginContext context;
    private final Path strategiesFile;
    private final Path historyFile;
    private final Path patternsFile;
    private final int retention;
    /** Lines in the history file, counted once when the store is made and then tracked. */
    private long historyLines;
    /** Whether the history file ends in a cut-off line that the next append must not extend. */
    private boolean historyNeedsNewline;
    /** What the last load read besides the statistics. */
    private LearningMemory memory = LearningMemory.EMPTY;
    /** Whether the statistics file is unreadable and still in place: it must not be overwritten. */
    private boolean strategiesFileUnreadable;
    /** The same for the patterns file. */
    private boolean patternsFileUnreadable;

    /**
     * A store on the files under {@code context.home()}.
     *
     * @param context the home, the time source and the alerts of the engine
     * @param historyRetention history records kept, {@code >= 1}
     * @throws IllegalArgumentException when {@code historyRetention < 1}, naming
     *     {@code <section>.history_retention}
     * @throws IOException when an existing history file cannot be read
     */
    public JsonFileStrategyStore(PluginContext context, int historyRetention) throws IOException {
        if (historyRetention < 1) {
            String section = context.settings().path().isEmpty() ? "plugins.json" : context.settings().path();
            throw new IllegalArgumentException(section + "." + RETENTION_KEY + ": must be >= 1 but was "
                    + historyRetention);
        }
        Path home = context.home();
        this.context = context;
        this.retention = historyRetention;
        this.strategiesFile = home.resolve(STRATEGIES_FILE);
        this.historyFile = home.resolve(HISTORY_FILE);
        this.patternsFile = home.resolve(PATTERNS_FILE);
        long[] scan = scanHistory(historyFile);
        boolean torn = scan[1] != 0 && repairTornTail(scan[2], scan[0] - 1);
        this.historyLines = torn ? scan[0] - 1 : scan[0];
        this.historyNeedsNewline = scan[1] != 0 && !torn;
    }

    /**
     * A crash during an append leaves a last line without its newline: unless it is a whole
     * record, it is set aside (kept, see {@link TornHistoryTail}) and reported once, so that later
     * appends do not follow it and every read does not skip it again.
     *
     * @return whether the torn line was cut from the file
     */
    private boolean repairTornTail(long tailStart, long recordsBefore) {
        try {
            Optional<Path> aside = TornHistoryTail.setAside(historyFile, tailStart, context.time().now());
            aside.ifPresent(p -> {
                String message = historyFile + " ended in a torn line (a crash during an append): moved it to " + p
                        + " and kept the " + recordsBefore + " line(s) before it";
                LOG.warn(message);
                context.alert(AlertSeverity.MEDIUM, message);
            });
            return aside.isPresent();
        } catch (IOException e) {
            LOG.warn("could not set the torn last line of {} aside; it stays, and reads skip it", historyFile, e);
            return false;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Reads the statistics file. A missing file gives an empty list; an unreadable one is moved
     * aside and reported (see the class description) and also gives an empty list.
     *
     * <p>When the file is unreadable and renaming it fails too, it is reported, left in place
     * and the next {@link #saveStrategies} tries the rename again before writing, failing rather
     * than overwriting it.
     *
     * @throws IOException when the file exists but cannot be read at all
     */
    @Override
    public synchronized List<StrategyStats> loadStrategies() throws IOException {
        memory = LearningMemory.EMPTY;
        // the memory members are checked with the statistics: a file with either part unreadable is set aside whole
        return readOrSetAside(strategiesFile, bytes -> {
            List<StrategyStats> stats = StrategiesFileDto.read(bytes);
            memory = StrategiesFileDto.readMemory(bytes);
            return stats;
        }, "learned strategies", unreadable -> strategiesFileUnreadable = unreadable);
    }

    /**
     * The memory read with the statistics by the last {@link #loadStrategies()}: the action
     * costs, evidence segments and outage signatures of the same file; empty when the file was
     * missing, written before the memory existed, or set aside.
     */
    @Override
    public synchronized LearningMemory loadLearningMemory() {
        return memory;
    }

    /**
     * Writes all statistics, replacing the file atomically.
     *
     * @throws IllegalArgumentException when two statistics have the same key and origin
     */
    @Override
    public synchronized void saveStrategies(Collection<StrategyStats> all) throws IOException {
        if (strategiesFileUnreadable) {
            retryMoveAside(strategiesFile);
            strategiesFileUnreadable = false;
        }
        // Rejected before writing: a file with two entries for one key would be rejected as corrupt by the next load.
        AtomicFiles.write(strategiesFile, StrategiesFileDto.write(all));
    }

    /**
     * Writes all statistics and the memory in one file, replacing it atomically: after a crash
     * both are the old or both the new.
     *
     * @throws IllegalArgumentException when two statistics have the same key and origin
     */
    @Override
    public synchronized void saveStrategies(Collection<StrategyStats> all, LearningMemory learned) throws IOException {
        byte[] content = StrategiesFileDto.write(all, learned);
        if (strategiesFileUnreadable) {
            retryMoveAside(strategiesFile);
            strategiesFileUnreadable = false;
        }
        AtomicFiles.write(strategiesFile, content);
    }

    /**
     * Reads the patterns file, like {@link #loadStrategies()}: missing gives an empty list, an
     * unreadable one is moved aside, reported, and gives an empty list.
     *
     * @throws IOException when the file exists but cannot be read at all
     */
    @Override
    public synchronized List<ErrorPattern> loadPatterns() throws IOException {
        return readOrSetAside(patternsFile, PatternsFileDto::read, "error patterns",
                unreadable -> patternsFileUnreadable = unreadable);
    }

    /**
     * Writes all patterns, replacing the file atomically.
     *
     * @throws IllegalArgumentException when two patterns have the same id
     */
    @Override
    public synchronized void savePatterns(Collection<ErrorPattern> all) throws IOException {
        byte[] content = PatternsFileDto.write(all);
        if (patternsFileUnreadable) {
            retryMoveAside(patternsFile);
            patternsFileUnreadable = false;
        }
        AtomicFiles.write(patternsFile, content);
    }

    /**
     * Appends one line to the history file and forces it to disk; compacts the file when it has
     * grown past the retention plus slack.
     */
    @Override
    public synchronized void appendHistory(RecoveryOutcome outcome) throws IOException {
        byte[] json = RecoveryOutcomeDto.toLine(outcome).getBytes(StandardCharsets.UTF_8);
        // A line cut short by a crash would otherwise swallow this record's opening brace.
        int prefix = historyNeedsNewline ? 1 : 0;
        ByteBuffer line = ByteBuffer.allocate(prefix + json.length + 1);
        if (prefix == 1) {
            line.put(NEWLINE);
        }
        line.put(json).put(NEWLINE).flip();
        Files.createDirectories(historyFile.getParent());
        // Open, append, force, close per record rather than a long-lived channel: a recovery is
        // rare and costs far more than three syscalls, the file stays an ordinary closed file for
        // other readers, and compaction can rename a new file into place without leaving us
        // appending to the unlinked old one.
        try (FileChannel channel = FileChannel.open(historyFile,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            long before = channel.size();
            try {
                while (line.hasRemaining()) {
                    channel.write(line);
                }
                channel.force(false);
            } catch (IOException e) {
                // a full disk can take half a line: cut it off again (truncating needs no space), so
                // that the record, written later, is whole and the file holds no torn line
                try {
                    channel.truncate(before);
                } catch (IOException cannotCut) {
                    e.addSuppressed(cannotCut);
                    historyNeedsNewline = true;
                }
                throw e;
            }
        }
        historyNeedsNewline = false;
        historyLines++;
        long slack = Math.max(MIN_COMPACTION_SLACK, retention / 10);
        if (historyLines > retention + slack) {
            compactHistory();
        }
    }

    /**
     * Reads the history file, skipping lines that do not parse (one WARN per call names them).
     */
    @Override
    public synchronized List<RecoveryOutcome> history(HistoryQuery query) throws IOException {
        Deque<RecoveryOutcome> newest = new ArrayDeque<>();
        long lineNumber = 0;
        long badLines = 0;
        long firstBadLine = 0;
        String firstProblem = "";
        try (BufferedReader reader = openLenient(historyFile)) {
            String text;
            while ((text = reader.readLine()) != null) {
                lineNumber++;
                if (text.isBlank()) {
                    continue;
                }
                RecoveryOutcome outcome;
                try {
                    outcome = RecoveryOutcomeDto.readLine(text);
                } catch (IllegalArgumentException e) {
                    if (badLines++ == 0) {
                        firstBadLine = lineNumber;
                        firstProblem = e.getMessage();
                    }
                    continue;
                }
                if (query.matches(outcome)) {
                    newest.addLast(outcome);
                    if (newest.size() > query.limit()) {
                        newest.removeFirst();
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        if (badLines > 0) {
            LOG.warn("{}: skipped {} unreadable line(s), first at line {} ({})",
                    historyFile, badLines, firstBadLine, firstProblem);
        }
        return List.copyOf(newest);
    }

    @Override
    public String toString() {
        return "JsonFileStrategyStore[" + strategiesFile.getParent() + "]";
    }

    /** @return whether the unreadable file was moved aside (else it is still in place) */
    private boolean setAside(Path file, String problem, String what) {
        String unreadable = file + " is unreadable (" + problem + ")";
        String message;
        boolean moved;
        try {
            Path aside = AtomicFiles.moveAside(file, context.time().now());
            message = unreadable + "; moved it to " + aside + " and starting with no " + what;
            moved = true;
        } catch (IOException e) {
            message = unreadable + " and could not be moved aside (" + e
                    + "); starting with no " + what + "; each save retries the move and fails"
                    + " rather than overwrite it";
            moved = false;
        }
        LOG.warn(message);
        context.alert(AlertSeverity.HIGH, message);
        return moved;
    }

    /**
     * The evidence could not be renamed at load time; try again rather than destroy it. If this
     * fails the save fails, and the caller's flag stays for the next attempt.
     */
    private void retryMoveAside(Path file) throws IOException {
        if (Files.exists(file)) {
            Path aside = AtomicFiles.moveAside(file, context.time().now());
            LOG.warn("moved the unreadable {} to {} before saving", file, aside);
        }
    }

    private void compactHistory() throws IOException {
        Deque<String> kept = new ArrayDeque<>();
        try (BufferedReader reader = openLenient(historyFile)) {
            String text;
            while ((text = reader.readLine()) != null) {
                if (text.isBlank()) {
                    continue;
                }
                kept.addLast(text);
                if (kept.size() > retention) {
                    kept.removeFirst();
                }
            }
        }
        StringBuilder content = new StringBuilder();
        kept.forEach(text -> content.append(text).append('\n'));
        // Rewritten through a rename, so a reader (or a crash) sees the long or the short file.
        AtomicFiles.write(historyFile, content.toString().getBytes(StandardCharsets.UTF_8));
        historyLines = kept.size();
        historyNeedsNewline = false;
    }

    /**
     * @return {line count, 1 when the last line lacks its newline else 0, the offset after the
     *     last newline}; zeros when absent
     */
    private static long[] scanHistory(Path file) throws IOException {
        long lines = 0;
        long offset = 0;
        long afterLastNewline = 0;
        int last = NEWLINE;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    offset++;
                    if (b == NEWLINE) {
                        lines++;
                        afterLastNewline = offset;
                    }
                    last = b;
                }
                buffer.clear();
            }
        } catch (NoSuchFileException e) {
            return new long[] {0, 0, 0};
        }
        boolean cutOff = last != NEWLINE;
        return new long[] {cutOff ? lines + 1 : lines, cutOff ? 1 : 0, afterLastNewline};
    }

    /** Parses a whole file's content; an IllegalArgumentException names what is wrong with it in one line. */
    @FunctionalInterface
    private interface ContentParser<T> {
        List<T> parse(byte[] bytes);
    }

    /**
     * Reads one of the store's JSON files: missing gives an empty list; unreadable content is
     * set aside (never overwritten), reported, and gives an empty list.
     *
     * @param stillUnreadable told whether the bad file could not even be renamed, so that the
     *     next save retries the rename instead of overwriting the evidence
     */
    private <T> List<T> readOrSetAside(Path file, ContentParser<T> parser, String what,
                                       java.util.function.Consumer<Boolean> stillUnreadable) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        String problem;
        try {
            return parser.parse(bytes);
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        stillUnreadable.accept(!setAside(file, problem, what));
        return List.of();
    }

    private static BufferedReader openLenient(Path file) throws IOException {
        // InputStreamReader replaces malformed bytes instead of throwing (Files.newBufferedReader
        // would throw): a crash can cut a line in the middle of a multi-byte character, and that
        // must cost one line, not the whole history.
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8));
    }

    /**
     * Makes the {@code json} store for the engine; found by {@link java.util.ServiceLoader}.
     * Stateless and thread-safe.
     */
    public static final class Provider implements StrategyStoreProvider {

        /** Found by {@link java.util.ServiceLoader}. */
        public Provider() {
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public SettingsSpec settings() {
            return SETTINGS;
        }

        /**
         * @throws IllegalArgumentException when {@code history_retention} is not an integer
         *     {@code >= 1} (only possible when the settings were not checked)
         * @throws IOException when an existing history file cannot be read
         */
        @Override
        public StrategyStore create(PluginContext context) throws IOException {
            return new JsonFileStrategyStore(context,
                    context.settings().integer(RETENTION_KEY, DEFAULT_HISTORY_RETENTION));
        }
    }
}
