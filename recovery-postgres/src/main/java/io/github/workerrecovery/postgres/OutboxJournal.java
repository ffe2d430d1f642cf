package io.github.workerrecovery.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.core.io.AtomicFiles;
import io.github.workerrecovery.json.RecoveryJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local outbox: every record meant for the fleet database is first appended here and forced
 * to disk, so that a database that is down or slow never blocks or loses it. A shipper thread
 * reads the records not yet acknowledged, in order, and acknowledges them once the database has
 * committed them.
 *
 * <p>The file ({@value #FILE} under the home) is JSON lines: a header
 * {@code {"journal":"<uuid>","host":"<host id>","next_seq":N}} and then one record per line,
 * {@code {"seq":7,"kind":"history","body":{...}}}. The journal id is made with the file, so a
 * home whose journal was lost starts a new journal rather than reusing sequence numbers the
 * database has already seen: (host, journal, seq) is the record's unique key there.
 *
 * <p>Acknowledged records are cut off by rewriting the file (header with the next sequence
 * number, then the records still pending) through {@link AtomicFiles}, once at least
 * {@value #COMPACT_AFTER} acknowledged lines sit at its start and they outnumber the pending
 * ones: an append costs one write and one fsync, and the rewrite is amortised.
 *
 * <p>A last line cut short by a crash (no newline) is cut off when the journal is opened: the
 * append that wrote it never returned, so nobody was told the record was kept.
 *
 * <p>Thread-safe: appends come from the store's lane, reads and acknowledgements from the
 * shipper; every method holds the journal's lock for the time of one file operation.
 */
public final class OutboxJournal implements AutoCloseable {

    /** The journal, relative to the home. */
    public static final String FILE = "data/fleet-outbox.jsonl";

    static final int COMPACT_AFTER = 256;
    private static final Logger LOG = LoggerFactory.getLogger(OutboxJournal.class);

    private final Path file;
    private final String host;
    private final UUID journalId;
    /** Records not yet acknowledged, in sequence order. */
    private final ArrayDeque<OutboxRecord> pending = new ArrayDeque<>();
    private FileChannel channel;
    private long lastSeq;
    /** Acknowledged records still in the file. */
    private long acknowledgedInFile;
    private boolean closed;

    private OutboxJournal(Path file, String host, UUID journalId, long lastSeq, List<OutboxRecord> records)
            throws IOException {
        this.file = file;
        this.host = host;
        this.journalId = journalId;
        this.lastSeq = lastSeq;
        pending.addAll(records);
        this.channel = openForAppend(file);
    }

    /**
     * Opens the journal of a home, making it when absent.
     *
     * @param home the engine's home
     * @param host this host's id, written into a new journal's header
     * @param time stamps the name of a damaged file set aside
     * @return the journal, with every record of the file pending (the database says which of
     *     them it already holds)
     * @throws IOException when the file cannot be read or made
     */
    public static OutboxJournal open(Path home, String host, TimeSource time) throws IOException {
        Path file = home.resolve(FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return create(file, host);
        }
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        JsonNode header;
        try {
            header = lines.isEmpty() ? null : RecoveryJson.parse(lines.get(0));
        } catch (IllegalArgumentException e) {
            header = null;
        }
        if (header == null || !header.path("journal").isTextual()) {
            Path aside = AtomicFiles.moveAside(file, time.now());
            LOG.warn("{} has no journal header; moved it to {} and starting a new journal", file, aside);
            return create(file, host);
        }
        UUID id = UUID.fromString(header.get("journal").asText());
        long lastSeq = header.path("next_seq").asLong(1) - 1;
        List<OutboxRecord> records = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            try {
                OutboxRecord r = parseRecord(lines.get(i));
                records.add(r);
                // the header's next_seq is a floor for numbering (after a compaction left no record)
                lastSeq = Math.max(lastSeq, r.seq());
            } catch (IllegalArgumentException e) {
                // only a crash inside a rewrite could do this, and AtomicFiles prevents it: say so, go on
                LOG.warn("{} line {}: not a journal record ({}); skipped", file, i + 1, e.getMessage());
            }
        }
        if (end < bytes.length) {
            LOG.warn("{} ended in a line cut short by a crash ({} bytes); cut it off", file, bytes.length - end);
            try (FileChannel cut = FileChannel.open(file, StandardOpenOption.WRITE)) {
                cut.truncate(end);
                cut.force(true);
            }
        }
        String journalHost = header.path("host").asText(host);
        if (!journalHost.equals(host)) {
            // the host id changed: the pending records are still this home's, keep their host
            LOG.warn("{} was written by host '{}' and this home is now '{}': its records keep '{}'", file,
                    journalHost, host, journalHost);
        }
        return new OutboxJournal(file, journalHost, id, lastSeq, records);
    }

    private static OutboxJournal create(Path file, String host) throws IOException {
        UUID id = UUID.randomUUID();
        AtomicFiles.write(file, (header(id, host, 1) + "\n").getBytes(StandardCharsets.UTF_8));
        return new OutboxJournal(file, host, id, 0, List.of());
    }

    /** @return the host the records belong to */
    public String host() {
        return host;
    }

    /** @return this journal's id, part of every record's key in the database */
    public UUID journalId() {
        return journalId;
    }

    /**
     * Appends a record and forces it to disk before returning.
     *
     * @param kind what it is
     * @param body its content, compact JSON on one line
     * @return the record, with its sequence number
     * @throws IOException when it cannot be written; nothing of it is then kept
     * @throws IllegalStateException when the journal is closed
     */
    public synchronized OutboxRecord append(OutboxRecord.Kind kind, String body) throws IOException {
        if (closed) {
            throw new IllegalStateException("the outbox journal " + file + " is closed");
        }
        OutboxRecord record = new OutboxRecord(lastSeq + 1, kind, body);
        ByteBuffer line = ByteBuffer.wrap((line(record) + "\n").getBytes(StandardCharsets.UTF_8));
        long before = channel.size();
        try {
            while (line.hasRemaining()) {
                channel.write(line);
            }
            channel.force(false);
        } catch (IOException e) {
            // a full disk can take half a line: cut it, so that the next record starts clean
            try {
                channel.truncate(before);
            } catch (IOException cannotCut) {
                e.addSuppressed(cannotCut);
            }
            throw e;
        }
        lastSeq = record.seq();
        pending.addLast(record);
        notifyAll();
        return record;
    }

    /**
     * @param max at most this many
     * @return the oldest pending records, in order
     */
    public synchronized List<OutboxRecord> pending(int max) {
        List<OutboxRecord> out = new ArrayList<>(Math.min(max, pending.size()));
        for (OutboxRecord r : pending) {
            if (out.size() == max) {
                break;
            }
            out.add(r);
        }
        return out;
    }

    /** @return how many records wait for the database */
    public synchronized int pendingCount() {
        return pending.size();
    }

    /** @return the sequence number of the latest record appended, 0 before the first */
    public synchronized long lastSeq() {
        return lastSeq;
    }

    /**
     * Waits until a record is pending or the time is up (the shipper's idle wait).
     *
     * @param millis the most to wait
     * @throws InterruptedException when interrupted
     */
    public synchronized void awaitPending(long millis) throws InterruptedException {
        if (pending.isEmpty() && !closed && millis > 0) {
            wait(millis);
        }
    }

    /**
     * Waits for the time given or until {@link #wake()} (the shipper's pause after a failure).
     *
     * @param millis the most to wait
     * @throws InterruptedException when interrupted
     */
    public synchronized void pause(long millis) throws InterruptedException {
        if (!closed && millis > 0) {
            wait(millis);
        }
    }

    /**
     * Waits until nothing is pending or the time is up.
     *
     * @param millis the most to wait
     * @throws InterruptedException when interrupted
     */
    public synchronized void awaitDrained(long millis) throws InterruptedException {
        if (!pending.isEmpty() && millis > 0) {
            wait(millis);
        }
    }

    /** Wakes a thread in {@link #awaitPending}, {@link #pause} or {@link #awaitDrained}. */
    public synchronized void wake() {
        notifyAll();
    }

    /**
     * Drops every pending record up to this sequence number (the database holds them) and cuts
     * them from the file when enough have gathered.
     *
     * @param upTo the highest sequence number the database has committed
     * @throws IOException when the file cannot be rewritten; the records stay acknowledged in
     *     memory, and a replay of them after a restart is a no-op in the database
     */
    public synchronized void acknowledge(long upTo) throws IOException {
        while (!pending.isEmpty() && pending.peekFirst().seq() <= upTo) {
            pending.removeFirst();
            acknowledgedInFile++;
        }
        notifyAll();
        if (acknowledgedInFile >= COMPACT_AFTER && acknowledgedInFile >= pending.size()) {
            compact();
        }
    }

    private void compact() throws IOException {
        if (closed) {
            return;
        }
        StringBuilder content = new StringBuilder(header(journalId, host, lastSeq + 1)).append('\n');
        pending.forEach(r -> content.append(line(r)).append('\n'));
        channel.close();
        try {
            AtomicFiles.write(file, content.toString().getBytes(StandardCharsets.UTF_8));
        } finally {
            channel = openForAppend(file);
        }
        acknowledgedInFile = 0;
    }

    /** Cuts acknowledged records from the file and closes it; later appends fail. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            if (acknowledgedInFile > 0) {
                compact();
            }
        } catch (IOException e) {
            LOG.warn("could not cut acknowledged records from {}; a replay of them is a no-op", file, e);
        }
        closed = true;
        notifyAll();
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing {}", file, e);
        }
    }

    @Override
    public String toString() {
        return "OutboxJournal[" + file + ", journal " + journalId + "]";
    }

    private static FileChannel openForAppend(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private static String header(UUID id, String host, long nextSeq) {
        return "{\"journal\":\"" + id + "\",\"host\":" + RecoveryJson.toLine(host) + ",\"next_seq\":" + nextSeq + "}";
    }

    private static String line(OutboxRecord r) {
        return "{\"seq\":" + r.seq() + ",\"kind\":\"" + r.kind().name().toLowerCase(Locale.ROOT) + "\",\"body\":"
                + r.body() + "}";
    }

    static OutboxRecord parseRecord(String text) {
        JsonNode node = RecoveryJson.parse(text);
        if (!node.path("seq").canConvertToLong() || !node.path("kind").isTextual() || !node.has("body")) {
            throw new IllegalArgumentException("a record needs seq, kind and body");
        }
        OutboxRecord.Kind kind;
        try {
            kind = OutboxRecord.Kind.valueOf(node.get("kind").asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown record kind '" + node.get("kind").asText() + "'");
        }
        return new OutboxRecord(node.get("seq").asLong(), kind, node.get("body").toString());
    }
}
