package io.github.workerrecovery.bench.patterns;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Single-line error messages for the miner's benchmarks, generated from a seed so that every run
 * mines the same lines.
 *
 * <p>{@link #steady(int)}: messages of {@value #TEMPLATES} templates, each a sentence of three to
 * eight words from a vocabulary of log words with zero to four parameters of mixed kinds
 * (integers, decimals, hex, UUIDs, IPv4 and IPv6 addresses with and without ports, paths, URLs,
 * e-mails, durations, sizes, quoted strings, dates, host names without digits), in one of
 * {@value #STYLE_COUNT} header styles (plain, log4j, Python logging, syslog, JSON, Go logfmt,
 * klog, Rust env_logger, nginx, Node pino), with skewed frequencies: a few templates make most of
 * the lines, as in real logs. The miner has seen them all after one pass: the steady state.
 *
 * <p>{@link #novel(int)} and {@link #novelOneGroup(int)}: every message a template of its own,
 * so that a miner at its pattern cap makes a pattern and forgets one per message.
 */
public final class MinerCorpus {

    /** How many templates {@link #steady(int)} draws from. */
    public static final int TEMPLATES = 300;
    static final int STYLE_COUNT = 10;

    private static final String[] OPENERS = {
        "Failed", "Unable", "Cannot", "Could", "Error", "Timeout", "Connection", "Request", "Job", "Worker",
        "Consumer", "Producer", "Cache", "Session", "Transaction", "Payment", "Upload", "Download", "Lock",
        "Replica", "Queue", "Message", "Batch", "Index", "Certificate", "Token", "User", "Disk", "Heap",
        "Thread", "Scheduler", "Task", "Handler", "Listener", "Socket", "Pool", "Query", "Backup", "Snapshot",
        "Migration",
    };
    private static final String[] WORDS = {
        "to", "from", "for", "with", "after", "before", "while", "during", "on", "in", "at", "by", "of",
        "connect", "read", "write", "open", "close", "parse", "load", "store", "flush", "commit", "rollback",
        "acquire", "release", "resolve", "verify", "decode", "encode", "send", "receive", "retry", "schedule",
        "expired", "refused", "timed", "out", "reset", "closed", "rejected", "declined", "skipped", "dropped",
        "stale", "invalid", "missing", "corrupt", "duplicate", "unknown", "unexpected", "empty", "full",
        "broker", "primary", "replica", "partition", "segment", "offset", "checksum", "header", "payload",
        "record", "table", "column", "index", "schema", "file", "directory", "volume", "bucket", "object",
        "lease", "quota", "limit", "budget", "deadline", "channel", "stream", "frame", "packet", "handshake",
        "certificate", "signature", "credential", "permission", "account", "tenant", "region", "zone",
        "peer", "upstream", "downstream", "endpoint", "route", "listener", "backlog", "consumer", "group",
    };
    private static final String[] HOSTS = {
        "db-primary", "cache-east", "broker-a", "auth", "search", "billing", "ledger", "gateway",
    };
    private static final String[] PARAMS = {
        "int", "float", "hex", "uuid", "ip", "ipport", "ipv6", "path", "url", "email", "duration", "size",
        "quoted", "date", "host",
    };
    private static final String[] LEVELS = {"ERROR", "WARN", "ERROR", "FATAL"};
    private static final DateTimeFormatter LOG4J_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS", Locale.ROOT);
    private static final DateTimeFormatter SYSLOG_TIME = DateTimeFormatter.ofPattern("MMM d HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter KLOG_TIME = DateTimeFormatter.ofPattern("MMdd HH:mm:ss.SSSSSS", Locale.ROOT);
    private static final DateTimeFormatter NGINX_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT);
    private static final LocalDateTime EPOCH = LocalDateTime.of(2026, 11, 29, 0, 0);

    private final long seed;

    /** @param seed the same seed gives the same lines */
    public MinerCorpus(long seed) {
        this.seed = seed;
    }

    /**
     * @param count how many lines
     * @return lines of {@value #TEMPLATES} templates in all styles, skewed frequencies
     */
    public List<String> steady(int count) {
        Random random = new Random(seed);
        List<List<String>> templates = new ArrayList<>(TEMPLATES);
        for (int t = 0; t < TEMPLATES; t++) {
            templates.add(template(random));
        }
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // a skewed pick: the square of a uniform number favours the first templates
            double u = random.nextDouble();
            List<String> template = templates.get((int) (u * u * TEMPLATES));
            lines.add(styled(random, fill(random, template)));
        }
        return lines;
    }

    /**
     * @param count how many lines
     * @return lines that are each a template of its own, in all styles, spread over the tree as
     *     real templates are: a log word first, then three to eight random words and a parameter
     */
    public List<String> novel(int count) {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder message = new StringBuilder(OPENERS[random.nextInt(OPENERS.length)]);
            int words = 3 + random.nextInt(6);
            for (int w = 0; w < words; w++) {
                message.append(' ').append(randomWord(random));
            }
            message.append(' ').append(param(random, PARAMS[random.nextInt(PARAMS.length)]));
            lines.add(styled(random, message.toString()));
        }
        return lines;
    }

    /**
     * @param count how many lines
     * @return lines that are each a template of its own, all of one length and each with a
     *     random first word: the tree sends all but the first hundred first words to one shared
     *     branch, whose patterns every line is compared with (the adversarial worst case)
     */
    public List<String> novelOneGroup(int count) {
        Random random = new Random(seed ^ 0x2545F4914F6CDD1DL);
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String message = randomWord(random) + " " + randomWord(random) + " " + randomWord(random) + " "
                    + param(random, PARAMS[random.nextInt(PARAMS.length)]);
            lines.add(styled(random, message));
        }
        return lines;
    }

    /** A template: words, with {@code {kind}} slots for parameters. */
    private static List<String> template(Random random) {
        List<String> tokens = new ArrayList<>();
        tokens.add(OPENERS[random.nextInt(OPENERS.length)]);
        int words = 2 + random.nextInt(6);
        for (int w = 0; w < words; w++) {
            tokens.add(WORDS[random.nextInt(WORDS.length)]);
        }
        int params = random.nextInt(5);
        for (int p = 0; p < params; p++) {
            tokens.add(1 + random.nextInt(tokens.size()), "{" + PARAMS[random.nextInt(PARAMS.length)] + "}");
        }
        return tokens;
    }

    private static String fill(Random random, List<String> template) {
        StringBuilder b = new StringBuilder();
        for (String token : template) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(token.startsWith("{") ? param(random, token.substring(1, token.length() - 1)) : token);
        }
        return b.toString();
    }

    private static String param(Random random, String kind) {
        return switch (kind) {
            case "int" -> Integer.toString(random.nextInt(100_000));
            case "float" -> String.format(Locale.ROOT, "%.2f", random.nextDouble() * 100);
            case "hex" -> "0x" + Long.toHexString(random.nextLong() >>> 16);
            case "uuid" -> new UUID(random.nextLong(), random.nextLong()).toString();
            case "ip" -> ipv4(random);
            case "ipport" -> ipv4(random) + ":" + (1024 + random.nextInt(60_000));
            case "ipv6" -> "fe80::" + Integer.toHexString(random.nextInt(0xffff)) + ":" + Integer.toHexString(1 + random.nextInt(0xfff));
            case "path" -> "/var/lib/app/" + WORDS[random.nextInt(WORDS.length)] + "/part-" + random.nextInt(1000) + ".dat";
            case "url" -> "https://" + HOSTS[random.nextInt(HOSTS.length)] + ".internal:8443/v1/" + WORDS[random.nextInt(WORDS.length)]
                    + "/" + random.nextInt(10_000);
            case "email" -> "user" + random.nextInt(5000) + "@example.com";
            case "duration" -> random.nextInt(30_000) + "ms";
            case "size" -> (1 + random.nextInt(900)) + "MB";
            case "quoted" -> "'" + WORDS[random.nextInt(WORDS.length)] + "-" + random.nextInt(100) + "'";
            case "date" -> EPOCH.plusMinutes(random.nextInt(500_000)).toLocalDate().toString();
            case "host" -> HOSTS[random.nextInt(HOSTS.length)];
            default -> throw new IllegalArgumentException("unknown parameter kind " + kind);
        };
    }

    private static String ipv4(Random random) {
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    private static String randomWord(Random random) {
        char[] c = new char[4 + random.nextInt(6)];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(c);
    }

    /** Wraps a message in the header of a random style, with a varying time, thread or pid. */
    private static String styled(Random random, String message) {
        LocalDateTime at = EPOCH.plusNanos(random.nextInt(86_400_000) * 1_000_000L);
        String level = LEVELS[random.nextInt(LEVELS.length)];
        int pid = 1000 + random.nextInt(30_000);
        return switch (random.nextInt(STYLE_COUNT)) {
            case 0 -> message;
            case 1 -> at.format(LOG4J_TIME) + " " + level + " [pool-" + random.nextInt(4) + "-thread-" + random.nextInt(16)
                    + "] c.a.orders.Consumer - " + message;
            case 2 -> at.format(LOG4J_TIME) + " - orders.worker - " + level + " - " + message;
            case 3 -> at.format(SYSLOG_TIME) + " host-a orders[" + pid + "]: " + message;
            case 4 -> "{\"time\":\"" + at + "Z\",\"level\":\"" + level.toLowerCase(Locale.ROOT) + "\",\"msg\":\""
                    + message.replace("\"", "\\\"") + "\"}";
            case 5 -> "time=" + at + "Z level=" + level.toLowerCase(Locale.ROOT) + " msg=\"" + message + "\"";
            case 6 -> "E" + at.format(KLOG_TIME) + " " + pid + " consumer.go:" + (10 + random.nextInt(400)) + "] " + message;
            case 7 -> "[" + at + "Z " + level + " orders::db] " + message;
            case 8 -> at.format(NGINX_TIME) + " [error] " + pid + "#0: *" + random.nextInt(100_000) + " " + message;
            default -> "{\"level\":50,\"time\":" + (1_700_000_000_000L + random.nextInt(1_000_000_000)) + ",\"pid\":" + pid
                    + ",\"msg\":\"" + message.replace("\"", "\\\"") + "\"}";
        };
    }
}
