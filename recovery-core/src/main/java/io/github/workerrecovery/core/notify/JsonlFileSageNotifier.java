package io.github.workerrecovery.core.notify;

import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.PluginContext;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.SageEvent;
import io.github.workerrecovery.api.SageEventKind;
import io.github.workerrecovery.api.SageNotifier;
import io.github.workerrecovery.api.SageNotifierProvider;
import io.github.workerrecovery.api.Setting;
import io.github.workerrecovery.api.SettingsSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * The {@code jsonl} notifier: appends one JSON object per event (see {@link SageEventJson}) to
 * {@value #FILE_NAME} under the engine's home, one line each, written through to the file as
 * soon as it is delivered.
 *
 * <p>Settings (section {@code plugins.jsonl}):
 * <ul>
 *   <li>{@code kinds} — which events to write, any of {@code incident, knowledge, task,
 *       pattern}; default {@code [incident, knowledge, pattern]} (tasks are chatty).</li>
 *   <li>{@code max_bytes} — size at which the file is rotated, {@code >= 1}; default 10 MiB.
 *       A file never grows beyond it unless a single line is larger.</li>
 *   <li>{@code max_files} — rotated files kept, {@code >= 0}; default 5. The file is renamed
 *       {@code .1}, an older {@code .1} becomes {@code .2} and so on; the one beyond
 *       {@code max_files} is deleted ({@code 0} deletes the full file).</li>
 * </ul>
 *
 * <p>Thread-safe: deliveries are serialised. The file is reopened when it was deleted or moved
 * away since the last event, and after a failed write.
 */
public final class JsonlFileSageNotifier implements SageNotifier {

    /** Where the events go, relative to the engine's home. */
    public static final String FILE_NAME = "logs/incident_sage_alerts.jsonl";
    /** Default of {@code max_bytes}: 10 MiB. */
    public static final int DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
    /** Default of {@code max_files}. */
    public static final int DEFAULT_MAX_FILES = 5;
    /** Default of {@code kinds}: all but tasks. */
    public static final Set<SageEventKind> DEFAULT_KINDS =
            Set.of(SageEventKind.INCIDENT, SageEventKind.KNOWLEDGE, SageEventKind.PATTERN);

    /** The notifier's name. */
    public static final String NAME = "jsonl";

    /** The keys of the notifier's {@code plugins.jsonl} section. */
    public static final SettingsSpec SETTINGS = SettingsSpec.of(
            Setting.textList("kinds", "events to write: incident, knowledge, task, pattern; default incident, knowledge, pattern"),
            Setting.integer("max_bytes", DEFAULT_MAX_BYTES, "size at which the file is rotated").atLeast(1),
            Setting.integer("max_files", DEFAULT_MAX_FILES, "rotated files kept").atLeast(0));

    private final Path file;
    private final Set<SageEventKind> kinds;
    private final long maxBytes;
    private final int maxFiles;

    private FileChannel channel;

    /**
     * A notifier writing under {@code home}; creates {@code logs/} at once, so that a home that
     * is not writable fails at start-up rather than at the first incident.
     *
     * @param home the engine's home
     * @param kinds which events to write
     * @param maxBytes size at which the file is rotated, {@code >= 1}
     * @param maxFiles rotated files kept, {@code >= 0}
     * @throws IllegalArgumentException when {@code maxBytes < 1} or {@code maxFiles < 0}
     * @throws IOException when {@code logs/} cannot be created
     */
    public JsonlFileSageNotifier(Path home, Set<SageEventKind> kinds, long maxBytes, int maxFiles) throws IOException {
        if (maxBytes < 1 || maxFiles < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 1 and maxFiles >= 0 but were " + maxBytes + ", " + maxFiles);
        }
        this.file = file(home);
        this.kinds = Set.copyOf(kinds);
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
        Files.createDirectories(file.getParent());
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Appends the event when its kind is selected.
     *
     * @throws IOException when the file cannot be written or rotated
     */
    @Override
    public synchronized void deliver(SageEvent event) throws IOException {
        if (!kinds.contains(event.kind())) {
            return;
        }
        byte[] line = (SageEventJson.toJsonLine(event) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            // Writes to a deleted or moved file (logrotate, a person cleaning logs/) would vanish
            // without an error, so follow the path rather than the open file.
            if (channel == null || !Files.exists(file)) {
                reopen();
            }
            // The channel's size, not a count of our own writes: another writer or a truncation
            // would make a count wrong. Rotate before the line that would cross the limit; an empty
            // file takes any line, so a line longer than max_bytes cannot make rotation loop.
            long size = channel.size();
            if (size > 0 && size + line.length > maxBytes) {
                rotate();
            }
            // Straight to the OS, nothing held back in a buffer: the line is there when we return.
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    /**
     * Reads the most recent incident alerts from the current file (not the rotated ones).
     * Lines that are not JSON or not incidents are skipped, so a line being written while this
     * reads is harmless.
     *
     * @param home the engine's home
     * @param limit at most this many alerts, {@code >= 0}
     * @return the last {@code limit} alerts, oldest first; empty when there is no file
     * @throws IOException when the file exists but cannot be read
     * @throws IllegalArgumentException when {@code limit} is negative
     */
    public static List<IncidentAlert> readAlerts(Path home, int limit) throws IOException {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0 but was " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        Deque<IncidentAlert> recent = new ArrayDeque<>(Math.min(limit, 1024));
        try (BufferedReader reader = Files.newBufferedReader(file(home), StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                IncidentAlert alert;
                try {
                    alert = SageEventJson.fromJsonLine(line);
                } catch (IllegalArgumentException notAnAlert) {
                    continue;
                }
                if (recent.size() == limit) {
                    recent.removeFirst();
                }
                recent.addLast(alert);
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return List.copyOf(recent);
    }

    private static Path file(Path home) {
        return home.resolve(FILE_NAME);
    }

    private void reopen() throws IOException {
        closeQuietly();
        Files.createDirectories(file.getParent());
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    private void rotate() throws IOException {
        channel.close();
        channel = null;
        if (maxFiles == 0) {
            Files.deleteIfExists(file);
        } else {
            Files.deleteIfExists(rotated(maxFiles));
            for (int i = maxFiles - 1; i >= 1; i--) {
                Path from = rotated(i);
                if (Files.exists(from)) {
                    Files.move(from, rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        }
        reopen();
    }

    private Path rotated(int index) {
        return file.resolveSibling(file.getFileName() + "." + index);
    }

    private void closeQuietly() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing left to save: every line was already written through.
            } finally {
                channel = null;
            }
        }
    }

    /**
     * Makes the {@code jsonl} notifier for the engine; found by {@link java.util.ServiceLoader}.
     * Stateless and thread-safe.
     */
    public static final class Provider implements SageNotifierProvider {

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
         * @throws IllegalArgumentException when a setting is invalid, naming its path (the
         *     config check reports all but an unknown event kind before this is called)
         * @throws IOException when {@code logs/} cannot be created under the home
         */
        @Override
        public SageNotifier create(PluginContext context) throws IOException {
            PluginSettings settings = context.settings();
            Set<SageEventKind> kinds = SageEventJson.kinds(settings, DEFAULT_KINDS);
            int maxBytes = settings.integer("max_bytes", DEFAULT_MAX_BYTES);
            if (maxBytes < 1) {
                throw new IllegalArgumentException(SageEventJson.settingPath(settings, "max_bytes")
                        + ": must be >= 1 but was " + maxBytes);
            }
            int maxFiles = settings.integer("max_files", DEFAULT_MAX_FILES);
            if (maxFiles < 0) {
                throw new IllegalArgumentException(SageEventJson.settingPath(settings, "max_files")
                        + ": must be >= 0 but was " + maxFiles);
            }
            return new JsonlFileSageNotifier(context.home(), kinds, maxBytes, maxFiles);
        }
    }
}
