package io.github.workerrecovery.core.process;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.io.AtomicFiles;
import io.github.workerrecovery.core.io.RepeatedWriteLog;
import io.github.workerrecovery.json.RecoveryJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances a monitor has running, kept in {@code data/instances.json} under its home, so
 * that after a restart of the monitor they can be found again and adopted or stopped rather than
 * left running unwatched.
 *
 * <p>Each entry holds the pid <em>and</em> the process's start instant as the OS reports it: a
 * pid alone could by then belong to an unrelated process, the pair cannot. Writes are atomic (a
 * reader sees the old or the new file, never half of one). A file that cannot be read as this
 * format is renamed to {@code instances.json.corrupt-<timestamp>}, reported at WARN, and treated
 * as empty: never overwritten, never fatal.
 *
 * <p>Thread-safe within one JVM; two monitors must not share a home. The entries are kept in
 * memory and the file is read again only when it changed behind this object's back (its size,
 * modification time or inode differ from what this object last wrote or read): a start-up of N
 * workers used to parse and rewrite the whole file per spawn, O(N²). Concurrent changes share
 * one write (a group commit): a change returns once a write that includes it is done.
 */
public final class ProcessStateFile {

    /** The file's name inside {@code data/}. */
    public static final String FILE_NAME = "instances.json";

    private static final Logger LOG = LoggerFactory.getLogger(ProcessStateFile.class);

    private final Path file;
    private final TimeSource time;
    /** Serialises the file writes; taken before {@code this}, never inside it. */
    private final Object writeLock = new Object();
    /** One WARN per run of failed writes (a full disk), not one per change. */
    private final RepeatedWriteLog writes;
    /** The entries as this object knows them, or null until read. Guarded by {@code this}. */
    private TreeMap<InstanceId, Entry> cached;
    /** The file's attributes when {@link #cached} was last in step with it. Guarded by {@code this}. */
    private Object cachedStamp;
    /** Changes made, and changes on disk. Guarded by {@code this}. */
    private long changes;
    private long writtenChanges;
    private boolean writing;
    /** Open {@link WriteHold}s: while any is open, changes stay in memory. Guarded by {@code this}. */
    private int holds;

    /**
     * One recorded instance.
     *
     * @param worker the worker
     * @param slot the instance slot
     * @param pid the process id
     * @param startTime when the process started, as the OS reports it
     * @param command the command it was started with
     * @param mark the environment mark its processes carry ({@code WORKER_RECOVERY_INSTANCE}),
     *     empty for an entry written before marks existed
     * @param kernelStart when the process started as the kernel counts it, which no wall-clock
     *     change moves; empty for an entry written before it was recorded, or without procfs
     */
    public record Entry(WorkerId worker, int slot, long pid, Instant startTime, List<String> command,
                        Optional<String> mark, Optional<KernelStart> kernelStart) {

        /** Copies the command; rejects nulls, a negative slot and a pid below 1. */
        public Entry {
            Objects.requireNonNull(worker, "worker");
            Objects.requireNonNull(startTime, "startTime");
            Objects.requireNonNull(mark, "mark");
            Objects.requireNonNull(kernelStart, "kernelStart");
            command = List.copyOf(command);
            if (slot < 0) {
                throw new IllegalArgumentException("slot must be >= 0 but was " + slot);
            }
            if (pid < 1) {
                throw new IllegalArgumentException("pid must be >= 1 but was " + pid);
            }
        }

        /**
         * An entry without a mark.
         *
         * @param worker the worker
         * @param slot the instance slot
         * @param pid the process id
         * @param startTime when the process started
         * @param command the command it was started with
         */
        public Entry(WorkerId worker, int slot, long pid, Instant startTime, List<String> command) {
            this(worker, slot, pid, startTime, command, Optional.empty(), Optional.empty());
        }

        /** @return the instance */
        public InstanceId instance() {
            return new InstanceId(worker, slot);
        }
    }

    /**
     * @param home the monitor's home; the file is {@code <home>/data/instances.json}
     * @param time the clock that names moved-aside corrupt files
     */
    public ProcessStateFile(Path home, TimeSource time) {
        this.file = home.resolve("data").resolve(FILE_NAME);
        this.writes = new RepeatedWriteLog(LOG, file.toString());
        this.time = Objects.requireNonNull(time, "time");
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /**
     * Records (or replaces) the process running {@code instance}.
     *
     * @param instance the instance
     * @param process its process
     * @param command the command it was started with
     * @return whether it was recorded; {@code false} when the process has already gone or the
     *     OS does not tell its start time (then it could not be told apart from a reused pid)
     * @throws IOException when the file cannot be written
     */
    public boolean record(InstanceId instance, ProcessHandle process, List<String> command)
            throws IOException {
        return record(instance, process, command, Optional.empty());
    }

    /**
     * Records (or replaces) the process running {@code instance}, with the mark its processes carry.
     *
     * @param instance the instance
     * @param process its process
     * @param command the command it was started with
     * @param mark the environment mark of its processes, if any
     * @return whether it was recorded (see {@link #record(InstanceId, ProcessHandle, List)})
     * @throws IOException when the file cannot be written
     */
    public boolean record(InstanceId instance, ProcessHandle process, List<String> command, Optional<String> mark)
            throws IOException {
        Optional<Instant> startTime = process.info().startInstant();
        if (startTime.isEmpty() || !process.isAlive()) {
            return false;
        }
        Entry entry = new Entry(instance.worker(), instance.slot(), process.pid(), startTime.get(), command, mark,
                KernelStart.of(process.pid()));
        synchronized (this) {
            loadMap().put(instance, entry);
            changes++;
            if (holds > 0) {
                return true; // written when the hold ends
            }
        }
        flush();
        return true;
    }

    /**
     * Forgets an instance; nothing happens when it is not recorded.
     *
     * @param instance the instance
     * @throws IOException when the file cannot be written
     */
    public void remove(InstanceId instance) throws IOException {
        synchronized (this) {
            if (loadMap().remove(instance) == null) {
                return;
            }
            changes++;
            if (holds > 0) {
                return; // written when the hold ends
            }
        }
        flush();
    }

    /**
     * Forgets an instance only if it is still recorded with this pid: the exit of a replaced
     * incarnation, seen after its replacement was recorded, must not erase the replacement.
     *
     * @param instance the instance
     * @param pid the pid of the incarnation that ended
     * @throws IOException when the file cannot be written
     */
    public void remove(InstanceId instance, long pid) throws IOException {
        synchronized (this) {
            Map<InstanceId, Entry> entries = loadMap();
            Entry e = entries.get(instance);
            if (e == null || e.pid() != pid) {
                return;
            }
            entries.remove(instance);
            changes++;
            if (holds > 0) {
                return; // written when the hold ends
            }
        }
        flush();
    }

    /**
     * @return the recorded instances, ordered by instance; empty when there is no file or it was
     *     corrupt (and has been moved aside)
     * @throws IOException when the file exists but cannot be read, or a corrupt one cannot be moved
     */
    public synchronized List<Entry> load() throws IOException {
        return List.copyOf(loadMap().values());
    }

    /**
     * Finds the recorded process if it still runs: a process with the recorded pid must exist
     * and have started when the recorded one did, so a reused pid is never taken for it.
     *
     * <p>The kernel start decides where the entry and the host both have one (Linux). Otherwise
     * the start instant must be the recorded one; because a wall clock moved since the recording
     * shifts the instant the JDK reports by whole seconds (see {@link KernelStart}), an instant
     * up to {@value #START_SHIFT_SECONDS} s off is accepted when the process carries the entry's
     * own environment mark, which names one incarnation of one monitor.
     *
     * @param entry a recorded instance
     * @return the live process
     */
    public Optional<ProcessHandle> findAlive(Entry entry) {
        return ProcessHandle.of(entry.pid())
                .filter(ProcessGroupTools::isRunning)
                .filter(process -> isRecorded(entry, process));
    }

    /** How far a start instant may move with the wall clock for a process that carries the entry's mark. */
    static final long START_SHIFT_SECONDS = 5;

    private static boolean isRecorded(Entry entry, ProcessHandle process) {
        Optional<KernelStart> kernelStart = KernelStart.of(process.pid());
        if (entry.kernelStart().isPresent() && kernelStart.isPresent()) {
            return entry.kernelStart().equals(kernelStart);
        }
        Optional<Instant> start = process.info().startInstant();
        if (start.isEmpty()) {
            return false;
        }
        if (start.get().equals(entry.startTime())) {
            return true;
        }
        return entry.mark().isPresent()
                && Duration.between(entry.startTime(), start.get()).abs().getSeconds() <= START_SHIFT_SECONDS
                && MarkedProcesses.marksOf(process.pid()).contains(entry.mark().get());
    }

    /**
     * Holds the writes back until the hold is closed, then writes once: for many changes in a row,
     * such as the exits of every worker stopped at close (a thousand writes of the whole file, one
     * per exit, each on the thread that reports the exits, delayed every exit behind the writes
     * for the ones before). Changes made meanwhile are in memory and seen by {@link #load()}.
     * Holds may overlap; the last one to close writes.
     *
     * @return the open hold
     */
    public WriteHold holdWrites() {
        synchronized (this) {
            holds++;
        }
        return new WriteHold();
    }

    /** An open {@link #holdWrites() hold}; closing it writes what changed meanwhile. */
    public final class WriteHold implements AutoCloseable {

        private boolean closed;

        private WriteHold() {
        }

        /** Ends the hold; the last one writes the changes (a failure is logged: the entries stay in memory). */
        @Override
        public void close() {
            synchronized (ProcessStateFile.this) {
                if (closed) {
                    return;
                }
                closed = true;
                if (--holds > 0) {
                    return;
                }
            }
            try {
                flush();
            } catch (IOException e) {
                // logged by the write log; the entries stay in memory
            }
        }
    }

    /**
     * Writes the entries unless a write that includes every change so far is already done; a
     * writer that waited for another's write usually finds its change written by it.
     */
    private void flush() throws IOException {
        synchronized (writeLock) {
            List<InstanceEntry> instances = new ArrayList<>();
            long upTo;
            synchronized (this) {
                if (writtenChanges >= changes) {
                    return;
                }
                cached.values().forEach(e -> instances.add(InstanceEntry.of(e)));
                upTo = changes;
                writing = true;
            }
            boolean ok = false;
            try {
                write(instances);
                ok = true;
                writes.succeeded();
            } catch (IOException e) {
                writes.failed(e);
                throw e;
            } finally {
                synchronized (this) {
                    writing = false;
                    if (ok) {
                        writtenChanges = upTo;
                        cachedStamp = stamp();
                    } else {
                        // what is on disk is unknown now: the next change starts again from the file
                        cached = null;
                        writtenChanges = changes;
                    }
                }
            }
        }
    }

    /** @return what tells whether the file changed: its attributes, or a marker when it is absent */
    private Object stamp() throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        } catch (NoSuchFileException e) {
            return "absent";
        }
    }

    /** @return the entries, read from the file unless the ones in memory are in step with it. Holds {@code this}. */
    private Map<InstanceId, Entry> loadMap() throws IOException {
        if (cached != null && (writing || writtenChanges < changes)) {
            return cached; // changes of ours not yet on disk: memory is the truth
        }
        Object stamp = stamp();
        if (cached != null && stamp.equals(cachedStamp)) {
            return cached;
        }
        cached = readFile();
        cachedStamp = stamp;
        return cached;
    }

    private TreeMap<InstanceId, Entry> readFile() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        }
        try {
            return parse(bytes);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            Path aside = AtomicFiles.moveAside(file, time.now());
            LOG.warn("{} is corrupt ({}); moved it to {} and started with no recorded instances",
                    file, e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(""),
                    aside.getFileName());
            LOG.debug("why {} could not be read", file, e);
            return new TreeMap<>();
        }
    }

    /**
     * The file's form, {@code {"instances": [{"worker", "slot", "pid", "start_time", "command": [...], "mark",
     * "kernel_start"}]}}; a member missing when read is {@code null}.
     */
    record InstancesFile(List<InstanceEntry> instances) {
    }

    /**
     * One entry of {@link InstancesFile}; {@code start_time} is an ISO-8601 instant; {@code mark}
     * (left out when there is none) the environment mark of the instance's processes;
     * {@code kernel_start} (left out when unknown) {@code <boot id>:<clock ticks>}, see {@link KernelStart}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InstanceEntry(String worker, Integer slot, Long pid, String startTime, List<String> command, String mark,
                         String kernelStart) {

        static InstanceEntry of(Entry e) {
            return new InstanceEntry(e.worker().value(), e.slot(), e.pid(), e.startTime().toString(), e.command(),
                    e.mark().orElse(null), e.kernelStart().map(KernelStart::toString).orElse(null));
        }

        Entry toEntry() {
            if (command == null) {
                throw new IllegalArgumentException("an entry has no 'command' array");
            }
            for (String argument : command) {
                require(argument, "command element", "a string");
            }
            return new Entry(WorkerId.of(require(worker, "worker", "a string")), require(slot, "slot", "an integer"),
                    require(pid, "pid", "an integer"), Instant.parse(require(startTime, "start_time", "a string")), command,
                    Optional.ofNullable(mark).filter(m -> !m.isBlank()),
                    Optional.ofNullable(kernelStart).map(KernelStart::parse));
        }

        private static <T> T require(T value, String field, String what) {
            if (value == null) {
                throw new IllegalArgumentException("'" + field + "' must be " + what);
            }
            return value;
        }
    }

    private static TreeMap<InstanceId, Entry> parse(byte[] bytes) {
        JsonNode root = RecoveryJson.parse(bytes, true);
        List<InstanceEntry> instances = root.isObject() ? RecoveryJson.bind(root, InstancesFile.class).instances() : null;
        if (instances == null) {
            throw new IllegalArgumentException("expected an object with an 'instances' array");
        }
        TreeMap<InstanceId, Entry> entries = new TreeMap<>();
        for (InstanceEntry node : instances) {
            if (node == null) {
                throw new IllegalArgumentException("an entry is not an object");
            }
            Entry entry = node.toEntry();
            entries.put(entry.instance(), entry);
        }
        return entries;
    }

    private void write(List<InstanceEntry> instances) throws IOException {
        // not synced to disk: after a power loss none of these processes exists, and an entry whose
        // pid and start instant no longer match a live process is dropped when read
        AtomicFiles.writeVolatile(file, RecoveryJson.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(new InstancesFile(instances)));
    }
}
