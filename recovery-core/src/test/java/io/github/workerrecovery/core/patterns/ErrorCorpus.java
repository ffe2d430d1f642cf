package io.github.workerrecovery.core.patterns;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * A generated corpus of error lines with known ground truth, for measuring grouping accuracy:
 * {@value #TEMPLATES_PER_STYLE} message templates per log style, drawn from a pool of hand-written
 * ones with 0 to 6 parameters of mixed kinds (integers, floats, hex, UUIDs, IPv4/IPv6 with and
 * without ports, paths, URLs, e-mails, durations, sizes, quoted strings, dates, and words without
 * digits such as host or user names, and free text of varying length such as a nested error
 * message; upper-case words such as {@code RUNNING} are template
 * constants, as log-parsing benchmarks label them), each wrapped in the header of its style with a varying
 * timestamp, thread, pid or host. The pool holds near-duplicates that differ in one or two words
 * (so over-merging costs accuracy) and parameters that no mask can catch (so under-merging does
 * too). Template frequencies are skewed as in real logs. Seeded: the same corpus every run.
 */
final class ErrorCorpus {

    static final int TEMPLATES_PER_STYLE = 40;

    /** A log style: how the header around a message looks. */
    enum Style { PLAIN, LOG4J, LOGBACK, PYTHON, SYSLOG, JSON, NGINX, GO_LOGFMT, GO_KLOG, RUST, NODE }

    /** One generated line and the template it came from (its true group). */
    record Line(Style style, int template, String text) {
    }

    // {i} int, {f} float, {h} hex, {u} uuid, {ipp} ip:port, {ip} ip, {p} path, {url} url, {e} e-mail,
    // {d} duration, {s} size, {q} quoted string, {dt} date, {w} word without digits,
    // {t} free text of 1 to 5 words (a nested error message): no mask catches it and its length varies
    static final List<String> POOL = List.of(
            "Connection refused to {ipp}",
            "Connection to {ipp} closed by peer after {d}",
            "Connection to {ipp} reset by peer after {d}",
            "Failed to connect to {ipp} after {i} attempts",
            "Failed to write to {p}: disk quota exceeded",
            "Failed to read {p}: permission denied",
            "Timeout after {d} waiting for response from {url}",
            "Request {u} to {url} failed with status {i} after {d}",
            "User {e} not found in directory {w}",
            "User {e} logged in from {ip}",
            "User {e} logged out from {ip}",
            "Job {i} finished in {d} with {i} errors",
            "Job {i} failed in {d} with {i} errors",
            "Disk usage at {f}% on {p}, {s} free",
            "Cache hit for key {q}",
            "Cache miss for key {q}",
            "Processed batch {i} of {i} ({s}) in {d}",
            "Heap usage {s} exceeds limit {s}",
            "GC pause of {d} detected",
            "Worker {i} exited with code {i}",
            "Retrying request {u} in {d} (attempt {i} of {i})",
            "Invalid token for user {e}: signature mismatch",
            "Certificate for {w} expires on {dt}",
            "Replica {w} is lagging behind primary by {d}",
            "Lock {h} held by thread {i} for {d}",
            "Transaction {h} rolled back: deadlock detected on table {w}",
            "Payment {u} declined: insufficient funds",
            "Payment {u} declined: card expired",
            "Uploaded {s} to {url} in {d}",
            "Downloaded {s} from {url} in {d}",
            "Health check of {url} returned {i}",
            "Message {u} moved to dead letter queue {q} after {i} deliveries",
            "Consumer {h} lost connection to broker {ipp}",
            "Unable to resolve host {w}: temporary failure in name resolution",
            "Config file {p} changed, reloading",
            "Scheduled task {q} skipped: previous run still active",
            "Out of memory: killed process {i} ({w}) total-vm:{s}",
            "Slow query ({d}): SELECT * FROM {w} WHERE id = {i}",
            "HTTP {i} from {url} in {d}",
            "Rate limit exceeded for client {ip}: {i} requests in {d}",
            "Session {h} expired at {dt}",
            "File {p} is {s}, larger than the limit of {s}",
            "Could not parse date {q} in record {i}",
            "Queue {w} backlog at {i} messages",
            "Thread pool exhausted: {i} active, {i} queued, max {i}",
            "Received signal {i}, shutting down",
            "Started worker pid {i} on {ipp}",
            "Checksum mismatch for {p}: expected {h} got {h}",
            "Snapshot {u} created at {dt} size {s}",
            "Webhook delivery to {url} failed: {q}",
            "Sending e-mail to {e} failed: mailbox unavailable",
            "Index {q} rebuilt in {d}",
            "Shard {i} on node {ipp} unassigned",
            "Token refresh for {e} failed with status {i}",
            "Backup of {p} to {url} completed in {d}, {s} transferred",
            "Unexpected end of stream from {ipp}",
            "Leader election won by node {w} in term {i}",
            "Pod {w} restarted {i} times in {d}",
            "Key {h} not found in keystore {p}",
            "Temperature sensor {i} reads {f} degrees",
            "Order {i} for customer {e} shipped to {q}",
            "Order {i} for customer {e} cancelled by {q}",
            "DNS lookup for {w} took {d}",
            "Memory leak suspected: {s} retained by {q}",
            "Invalid JSON at line {i} column {i}: unexpected character {q}",
            "Stale file handle {p}",
            "Socket timeout reading from {ipp} after {d}",
            "Socket timeout writing to {ipp} after {d}",
            "Worker heartbeat missed for {d}",
            "No space left on device {p}",
            "Permission denied",
            "Database connection pool exhausted",
            "Shutting down gracefully",
            "Reloading configuration",
            "Connection pool reached maximum size",
            "Unhandled exception in event loop",
            "Circuit breaker opened for {w} after {i} failures in {d}",
            "Circuit breaker closed for {w} after {d}",
            "Received {s} from {ipp} in {i} packets",
            "Request from {ip} rejected: missing header {q}",
            "Account {e} locked after {i} failed logins since {dt}",
            "Export of report {u} to {p} took {d} for {i} rows ({s})",
            "Sync of {i} records from {url} to {p} finished at {dt} in {d} using {s}",
            "Pipeline {q} stage {i} produced {i} items from {p} at {dt} ({f} items/s)",
            "Consumer lag on partition {i} of topic {q} is {i} messages",
            "Container {h} OOM-killed at {s}",
            "Node {ip} marked unhealthy after {i} missed heartbeats",
            "Client {ipp} sent malformed request line {q}",
            "Write to replica {ipp} timed out after {d}",
            "Read from replica {ipp} timed out after {d}",
            "Deprecated API {url} called by {e}",
            "Failed login for {e} from {ip}: bad password",
            "Failed login for {e} from {ip}: account disabled",
            "Compaction of segment {h} freed {s} in {d}",
            "License for {w} expires in {i} days",
            "Queue {w} has no consumers",
            "Task {u} assigned to worker {w}",
            "Task {u} reassigned from worker {w} to worker {w}",
            "Connection pool {w} grew to {i} connections",
            "Unknown field {q} in message {u}",
            "Worker {w} changed state from {w} to {w}",
            "Login attempt for {w} from {ip} blocked by policy {q}",
            "Migration {i} applied to schema {w} in {d}",
            "Failed to acquire lease {h} on {w} within {d}",
            "Kafka producer buffer full ({s}), dropping {i} records",
            "TLS handshake with {ipp} failed: certificate expired on {dt}",
            "Process {i} used {f}% CPU for {d}",
            "Cron job {q} took {d}, longer than its interval {d}",
            "Query plan for {u} changed after analyze on {w}",
            "Watchdog restarted service {w} after {d} of silence",
            "Job {i} failed: {t}",
            "Could not deliver message {u} to {url}: {t}",
            "Replication to {ipp} aborted: {t}",
            "{w} is not responding to pings");

    private static final String[] WORDS = {
        "alice", "bob", "carol", "dave", "erin", "frank", "payments", "billing", "inventory", "search", "checkout",
        "db-primary", "db-replica", "cache-east", "cache-west", "orders-api", "auth-service", "orders.high",
        "orders.low", "Kowalski", "Nakamura", "OrdersDb", "eu-central", "eu-west", "us-east", "mercury", "venus",
        "jupiter", "saturn", "neptune"};

    private static final String[] REASONS = {
        "connection reset by peer", "timeout", "no route to host", "broken pipe", "remote end closed connection",
        "EOF", "certificate verify failed", "too many open files"};

    private static final String[] PATH_PARTS = {
        "var", "lib", "data", "tmp", "opt", "app", "cache", "logs", "spool", "exports", "reports", "home", "svc"};

    private static final String[] FILE_NAMES = {
        "orders", "users", "config", "invoice", "dump", "events", "index", "report", "batch", "snapshot"};

    private static final String[] EXTENSIONS = {"csv", "json", "yaml", "log", "db", "tar.gz", "parquet", "txt"};

    private static final String[] LOGGERS = {
        "com.acme.orders.OrderService", "com.acme.billing.InvoiceJob", "org.example.sync.SyncWorker",
        "com.acme.cache.CacheManager", "net.shop.payments.Gateway", "com.acme.io.FileStore"};

    private static final String[] PY_LOGGERS = {"orders.worker", "billing.tasks", "root", "app.db", "sync"};

    private static final String[] RUST_TARGETS = {"orders::db", "billing::http", "sync_worker", "app::queue::consumer"};

    private static final String[] NEST_CONTEXTS = {"OrdersService", "ExceptionsHandler", "PaymentsController", "Scheduler"};

    private static final String[] THREADS = {"main", "scheduler", "worker", "io", "kafka-consumer", "http-nio"};

    private final Random random;
    private final LocalDateTime start = LocalDateTime.of(2026, 3, 5, 14, 22, 1);

    ErrorCorpus(long seed) {
        this.random = new Random(seed);
    }

    /**
     * @param style the log style
     * @param lines how many lines
     * @return lines of that style from {@value #TEMPLATES_PER_STYLE} templates drawn from the pool
     */
    List<Line> generate(Style style, int lines) {
        List<Integer> chosen = new ArrayList<>();
        while (chosen.size() < TEMPLATES_PER_STYLE) {
            int t = random.nextInt(POOL.size());
            if (!chosen.contains(t)) {
                chosen.add(t);
            }
        }
        // skewed frequencies: weight 1/(rank+1)^0.9, and every template at least twice
        double[] weights = new double[chosen.size()];
        double total = 0;
        for (int r = 0; r < weights.length; r++) {
            weights[r] = 1.0 / Math.pow(r + 1, 0.9);
            total += weights[r];
        }
        List<Line> out = new ArrayList<>(lines);
        for (int r = 0; r < chosen.size(); r++) {
            for (int k = 0; k < 2; k++) {
                out.add(line(style, chosen.get(r), out.size()));
            }
        }
        while (out.size() < lines) {
            double x = random.nextDouble() * total;
            int r = 0;
            while (r < weights.length - 1 && x > weights[r]) {
                x -= weights[r];
                r++;
            }
            out.add(line(style, chosen.get(r), out.size()));
        }
        java.util.Collections.shuffle(out, random);
        return out;
    }

    private Line line(Style style, int template, int n) {
        String message = instantiate(POOL.get(template), new Random(template * 31L + style.ordinal() * 1_000_003L));
        LocalDateTime at = start.plusNanos((long) n * 37_000_000L + random.nextInt(1_000_000));
        // per template constants, as a call site has them: level, logger
        Random site = new Random(template * 7919L + style.ordinal());
        String level = site.nextInt(3) == 0 ? "WARN" : "ERROR";
        String text = switch (style) {
            case PLAIN -> message;
            case LOG4J -> fmt(at, "yyyy-MM-dd HH:mm:ss,SSS") + " " + level + " [" + thread() + "] "
                    + LOGGERS[site.nextInt(LOGGERS.length)] + " - " + message;
            case LOGBACK -> fmt(at, "HH:mm:ss.SSS") + " [" + thread() + "] " + String.format(Locale.ROOT, "%-5s", level)
                    + " " + abbreviate(LOGGERS[site.nextInt(LOGGERS.length)]) + " - " + message;
            case PYTHON -> random.nextBoolean()
                    ? fmt(at, "yyyy-MM-dd HH:mm:ss,SSS") + " - " + PY_LOGGERS[site.nextInt(PY_LOGGERS.length)] + " - "
                            + pyLevel(level) + " - " + message
                    : pyLevel(level) + ":" + PY_LOGGERS[site.nextInt(PY_LOGGERS.length)] + ":" + message;
            case SYSLOG -> fmt(at, "MMM").substring(0, 3) + " " + String.format(Locale.ROOT, "%2d", at.getDayOfMonth())
                    + " " + fmt(at, "HH:mm:ss") + " " + (random.nextBoolean() ? "web-0" + (1 + random.nextInt(4)) : "worker")
                    + " orders[" + (1000 + random.nextInt(60000)) + "]: " + message;
            case JSON -> "{\"ts\":\"" + fmt(at, "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'") + "\",\"level\":\"" + level.toLowerCase(Locale.ROOT)
                    + "\",\"logger\":\"" + PY_LOGGERS[site.nextInt(PY_LOGGERS.length)] + "\",\"msg\":\"" + jsonEscape(message)
                    + "\",\"pid\":" + (100 + random.nextInt(30000))
                    + (site.nextBoolean() ? ",\"duration_ms\":" + random.nextInt(5000) : "") + "}";
            case NGINX -> fmt(at, "yyyy/MM/dd HH:mm:ss") + " [" + level.toLowerCase(Locale.ROOT) + "] "
                    + random.nextInt(9000) + "#" + random.nextInt(9000) + ": *" + random.nextInt(100000) + " " + message;
            case GO_LOGFMT -> "time=\"" + fmt(at, "yyyy-MM-dd'T'HH:mm:ss'Z'") + "\" level=" + level.toLowerCase(Locale.ROOT)
                    + " msg=\"" + jsonEscape(message) + "\"" + (site.nextBoolean() ? " component=" + WORDS[site.nextInt(6)] : "");
            case GO_KLOG -> level.charAt(0) + fmt(at, "MMdd HH:mm:ss.SSSSSS") + "   " + (1 + random.nextInt(99999)) + " "
                    + FILE_NAMES[site.nextInt(FILE_NAMES.length)] + ".go:" + (10 + site.nextInt(400)) + "] " + message;
            case RUST -> "[" + fmt(at, "yyyy-MM-dd'T'HH:mm:ss'Z'") + " " + level + " " + RUST_TARGETS[site.nextInt(RUST_TARGETS.length)]
                    + "] " + message;
            case NODE -> "[Nest] " + (1000 + random.nextInt(60000)) + "  - " + fmt(at, "MM/dd/yyyy, h:mm:ss a") + "   "
                    + level + " [" + NEST_CONTEXTS[site.nextInt(NEST_CONTEXTS.length)] + "] " + message;
        };
        return new Line(style, template, text);
    }

    private static String pyLevel(String level) {
        return level.equals("WARN") ? "WARNING" : level;
    }

    private String thread() {
        return switch (random.nextInt(3)) {
            case 0 -> THREADS[random.nextInt(THREADS.length)];
            case 1 -> "pool-" + (1 + random.nextInt(4)) + "-thread-" + (1 + random.nextInt(16));
            default -> THREADS[random.nextInt(THREADS.length)] + "-" + random.nextInt(8);
        };
    }

    private static String abbreviate(String logger) {
        String[] parts = logger.split("\\.");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            b.append(parts[i].charAt(0)).append('.');
        }
        return b.append(parts[parts.length - 1]).toString();
    }

    private static String fmt(LocalDateTime at, String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).format(at);
    }

    private static String jsonEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    // ------------------------------------------------------------------ parameter values

    /**
     * Fills the slots: the values vary per line, their shape (which date format, IPv4 or IPv6,
     * "35ms" or "35 ms") per call site, as code that formats a value does it one way.
     */
    private String instantiate(String template, Random shape) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                out.append(template, i, template.length());
                break;
            }
            int close = template.indexOf('}', open);
            out.append(template, i, open);
            out.append(value(template.substring(open + 1, close), shape.nextInt(1000)));
            i = close + 1;
        }
        return out.toString();
    }

    private String value(String kind, int shape) {
        return switch (kind) {
            case "i" -> integer(shape);
            case "f" -> String.format(Locale.ROOT, shape % 2 == 0 ? "%.1f" : "%.3f", random.nextDouble() * 100);
            case "h" -> hex(shape);
            case "u" -> new UUID(random.nextLong(), random.nextLong()).toString();
            case "ipp" -> ip() + ":" + (1 + random.nextInt(65535));
            case "ip" -> shape % 4 == 0 ? ipv6(shape) : ip();
            case "p" -> path(shape);
            case "url" -> url(shape);
            case "e" -> pick(WORDS, 11).toLowerCase(Locale.ROOT) + (random.nextBoolean() ? "." + pick(WORDS, 11) : "")
                    + "@" + pick(new String[] {"example.com", "corp.example.org", "mail.test"}, 3);
            case "d" -> duration(shape);
            case "s" -> size(shape);
            case "q" -> quoted(shape);
            case "dt" -> date(shape);
            case "w" -> WORDS[random.nextInt(WORDS.length)];
            case "t" -> REASONS[random.nextInt(REASONS.length)];
            default -> throw new IllegalArgumentException("unknown parameter kind " + kind);
        };
    }

    private String integer(int shape) {
        return switch (shape % 4) {
            case 0 -> Integer.toString(random.nextInt(10));
            case 1 -> Integer.toString(random.nextInt(1000));
            case 2 -> Integer.toString(random.nextInt(1_000_000_000));
            default -> Integer.toString(random.nextInt(200) - 100);
        };
    }

    private String hex(int shape) {
        StringBuilder b = new StringBuilder(shape % 2 == 0 ? "0x" : "");
        int len = 6 + random.nextInt(11);
        for (int k = 0; k < len; k++) {
            b.append("0123456789abcdef".charAt(random.nextInt(16)));
        }
        return b.toString();
    }

    private String ip() {
        return (1 + random.nextInt(254)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    private String ipv6(int shape) {
        return shape % 8 == 0 ? "2001:db8::" + Integer.toHexString(random.nextInt(65536))
                : "fe80::" + Integer.toHexString(random.nextInt(65536)) + ":" + Integer.toHexString(random.nextInt(65536));
    }

    private String path(int shape) {
        StringBuilder b = new StringBuilder();
        switch (shape % 5) {
            case 0 -> b.append("./");
            case 1 -> b.append("C:\\Users\\svc\\");
            default -> b.append('/');
        }
        boolean windows = b.charAt(0) == 'C';
        int depth = 1 + random.nextInt(4);
        for (int k = 0; k < depth; k++) {
            b.append(pick(PATH_PARTS, PATH_PARTS.length)).append(windows ? '\\' : '/');
        }
        b.append(pick(FILE_NAMES, FILE_NAMES.length));
        if (random.nextBoolean()) {
            b.append('_').append(random.nextInt(10000));
        }
        return b.append('.').append(pick(EXTENSIONS, EXTENSIONS.length)).toString();
    }

    private String url(int shape) {
        String scheme = new String[] {"https", "http", "amqp", "s3"}[shape % 4];
        String host = random.nextBoolean() ? pick(WORDS, 18) + ".example.com" : ip() + ":" + (1000 + random.nextInt(9000));
        return scheme + "://" + host + "/" + pick(PATH_PARTS, PATH_PARTS.length) + "/" + random.nextInt(100000)
                + (random.nextBoolean() ? "?page=" + random.nextInt(50) : "");
    }

    private String duration(int shape) {
        return switch (shape % 6) {
            case 0 -> random.nextInt(5000) + "ms";
            case 1 -> String.format(Locale.ROOT, "%.2fs", random.nextDouble() * 60);
            case 2 -> random.nextInt(5) + "m" + random.nextInt(60) + "s";
            case 3 -> random.nextInt(2000) + " ms";
            case 4 -> (1 + random.nextInt(90)) + " seconds";
            default -> "PT" + (1 + random.nextInt(300)) + "S";
        };
    }

    private String size(int shape) {
        return switch (shape % 5) {
            case 0 -> random.nextInt(1024) + "MB";
            case 1 -> String.format(Locale.ROOT, "%.1fGB", random.nextDouble() * 64);
            case 2 -> random.nextInt(4096) + " KiB";
            case 3 -> random.nextInt(1_000_000) + " bytes";
            default -> random.nextInt(100000) + "B";
        };
    }

    private String quoted(int shape) {
        char q = shape % 3 == 0 ? '\'' : '"';
        int words = 1 + random.nextInt(3);
        StringBuilder b = new StringBuilder().append(q);
        for (int k = 0; k < words; k++) {
            if (k > 0) {
                b.append(' ');
            }
            b.append(random.nextInt(4) == 0 ? "item" + random.nextInt(100) : pick(WORDS, WORDS.length).toLowerCase(Locale.ROOT));
        }
        return b.append(q).toString();
    }

    private String date(int shape) {
        LocalDateTime d = start.plusDays(random.nextInt(400)).plusSeconds(random.nextInt(86400));
        return switch (shape % 4) {
            case 0 -> fmt(d, "yyyy-MM-dd");
            case 1 -> fmt(d, "yyyy-MM-dd'T'HH:mm:ss'Z'");
            case 2 -> fmt(d, "dd/MMM/yyyy:HH:mm:ss") + " +0000";
            default -> fmt(d, "EEE MMM d HH:mm:ss yyyy");
        };
    }

    private String pick(String[] values, int firstN) {
        return values[random.nextInt(Math.min(firstN, values.length))];
    }
}
