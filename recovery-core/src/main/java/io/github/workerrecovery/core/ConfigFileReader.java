package io.github.workerrecovery.core;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.workerrecovery.api.ControlSignal;
import io.github.workerrecovery.api.PluginSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a YAML or JSON config file into a {@link RecoveryConfig.Builder}, collecting every
 * problem with its path instead of stopping at the first, so that a user fixes a file in one go.
 */
final class ConfigFileReader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigFileReader.class);

    /** Top-level keys that are not flat keys of a part: each is read by its own method here. */
    private static final List<String> SECTION_KEYS = List.of("home", "host_id", "plugins", "workers", "correlation", "advice");

    /** Every top-level key: the parts' tables and the sections above. */
    private static final Set<String> GLOBAL_KEYS = new TreeSet<>(concat(RecoveryConfig.partKeys(), SECTION_KEYS));

    /** A worker being read: its builder, and the command parts that are joined at the end. */
    private record WorkerDraft(WorkerSpec.Builder w, List<String> command, List<String> args) {
    }

    /** Reads one key of a worker's section into the draft. */
    @FunctionalInterface
    private interface WorkerKey {
        void read(ConfigFileReader reader, String key, JsonNode value, WorkerDraft draft);
    }

    /**
     * The keys of {@code workers.<id>}: the reader of each, and the known-keys list. A new worker
     * option is a builder setter, a row here and a line in {@code WorkerSpec.validate}.
     */
    private static final Map<String, WorkerKey> WORKER_TABLE = workerTable();

    private static final Set<String> WORKER_KEYS = new TreeSet<>(WORKER_TABLE.keySet());

    private static final Set<String> DISCOVER_KEYS = new TreeSet<>(List.of("command_line", "name", "user", "timeout"));

    private final List<String> problems = new ArrayList<>();
    private final Path baseDir;

    private ConfigFileReader(Path baseDir) {
        this.baseDir = baseDir;
    }

    static RecoveryConfig.Builder read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new RecoveryConfigException(List.of(file + ": config file not found"));
        } catch (IOException e) {
            throw new RecoveryConfigException(List.of(file + ": cannot read config file: " + e.getMessage()));
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, dir, file.toString());
    }

    static RecoveryConfig.Builder parse(String text, Path baseDir, String sourceName) {
        JsonNode root;
        try {
            // YAML is a superset of JSON, so one parser reads both formats.
            ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
            mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            // the parser's message spans lines (with a caret drawing); its first line says it all
            String why = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage().lines().findFirst().orElse("");
            throw new RecoveryConfigException(List.of(sourceName + ": not valid YAML/JSON" + where + ": " + why));
        }
        ConfigFileReader reader = new ConfigFileReader(baseDir.toAbsolutePath());
        RecoveryConfig.Builder builder = RecoveryConfig.builder().home(baseDir.resolve("recovery-home"));
        if (root != null && !root.isMissingNode() && !root.isNull()) {
            if (!root.isObject()) {
                throw new RecoveryConfigException(List.of(sourceName + ": the top level must be a mapping of keys"));
            }
            reader.global(root, builder);
        }
        reader.problems.forEach(builder::parseProblem);
        return builder;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private void global(JsonNode root, RecoveryConfig.Builder b) {
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String key = e.getKey();
            JsonNode v = e.getValue();
            if (key.equals("min_samples_to_learn")) {
                LOG.warn("min_samples_to_learn is deprecated and has no effect: the learned choice weighs every attempt");
            }
            if (b.read(key, v, problems)) {
                continue;
            }
            switch (key) {
                case "home" -> text(key, v, s -> b.home(baseDir.resolve(s)));
                case "host_id" -> text(key, v, b::hostId);
                case "correlation" -> correlation(v, b);
                case "advice" -> advice(v, b);
                case "plugins" -> plugins(v, b);
                case "workers" -> workers(v, b);
                default -> problems.add(key + ": unknown key (known keys: " + String.join(", ", GLOBAL_KEYS) + ")");
            }
        }
    }

    private void correlation(JsonNode v, RecoveryConfig.Builder b) {
        if (!v.isObject()) {
            problems.add("correlation: must be a mapping such as {min_workers: 3, window: 30s}");
            return;
        }
        b.correlation(section("correlation", v, CorrelationConfig.KEYS, CorrelationConfig.ofDefaults()));
    }

    private void advice(JsonNode v, RecoveryConfig.Builder b) {
        if (!v.isObject()) {
            problems.add("advice: must be a mapping such as {recurrence_per_day: 10, costly_streak: 5}");
            return;
        }
        b.advice(section("advice", v, AdviceConfig.KEYS, AdviceConfig.ofDefaults()));
    }

    /** Reads a nested section whose keys are one part's table. */
    private <R extends Record> R section(String name, JsonNode v, PartKeys<R> keys, R defaults) {
        R part = defaults;
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            String path = name + "." + e.getKey();
            if (keys.keys().contains(e.getKey())) {
                part = keys.read(part, e.getKey(), path, e.getValue(), problems);
            } else {
                problems.add(path + ": unknown key (known keys: " + String.join(", ", new TreeSet<>(keys.keys())) + ")");
            }
        }
        return part;
    }

    private void plugins(JsonNode v, RecoveryConfig.Builder b) {
        if (!v.isObject()) {
            problems.add("plugins: must be a mapping of provider name to its settings");
            return;
        }
        v.properties().forEach(e -> {
            if (e.getValue().isObject() || e.getValue().isNull()) {
                b.plugin(e.getKey(), toMap(e.getValue()));
            } else {
                problems.add("plugins." + e.getKey() + ": must be a mapping of settings");
            }
        });
    }

    private void workers(JsonNode v, RecoveryConfig.Builder b) {
        if (v.isNull()) {
            return;
        }
        if (!v.isObject()) {
            problems.add("workers: must be a mapping of worker id to its settings");
            return;
        }
        v.properties().forEach(e -> {
            String path = "workers." + e.getKey();
            if (!e.getValue().isObject()) {
                problems.add(path + ": must be a mapping of settings");
                return;
            }
            b.worker(worker(e.getKey(), path, e.getValue()));
        });
    }

    private static Map<String, WorkerKey> workerTable() {
        Map<String, WorkerKey> t = new LinkedHashMap<>();
        t.put("script", (r, k, v, d) -> r.text(k, v, s -> d.command().addAll(r.scriptCommand(s))));
        t.put("command", (r, k, v, d) -> r.commandList(k, v, d.command()::addAll));
        t.put("args", (r, k, v, d) -> r.strings(k, v, d.args()::addAll));
        t.put("discover", (r, k, v, d) -> r.discover(k, v, d.w()));
        t.put("restart_command", (r, k, v, d) -> r.commandList(k, v, d.w()::restartCommand));
        t.put("working_dir", (r, k, v, d) -> r.text(k, v, s -> d.w().workingDir(r.baseDir.resolve(s))));
        t.put("env", (r, k, v, d) -> r.env(k, v, d.w()));
        t.put("queues", (r, k, v, d) -> r.strings(k, v, d.w()::queues));
        t.put("critical", (r, k, v, d) -> r.bool(k, v, d.w()::critical));
        t.put("min_instances", (r, k, v, d) -> r.integer(k, v, d.w()::minInstances));
        t.put("max_instances", (r, k, v, d) -> r.integer(k, v, d.w()::maxInstances));
        t.put("graceful_stop_timeout", (r, k, v, d) -> r.duration(k, v, d.w()::gracefulStopTimeout));
        t.put("cpu_threshold", (r, k, v, d) -> r.number(k, v, d.w()::cpuThreshold));
        t.put("memory_threshold", (r, k, v, d) -> r.number(k, v, d.w()::memoryThreshold));
        t.put("error_rate_threshold", (r, k, v, d) -> r.number(k, v, d.w()::errorRateThreshold));
        t.put("queue_backlog_threshold", (r, k, v, d) -> r.integer(k, v, x -> d.w().queueBacklogThreshold(x)));
        t.put("heartbeat_timeout", (r, k, v, d) -> r.duration(k, v, d.w()::heartbeatTimeout));
        t.put("max_restart_attempts", (r, k, v, d) -> r.integer(k, v, d.w()::maxRestartAttempts));
        t.put("actions", (r, k, v, d) -> r.strings(k, v, d.w()::actions));
        t.put("probes", (r, k, v, d) -> r.probes(k, v, d.w()));
        t.put("signals", (r, k, v, d) -> r.signals(k, v, d.w()));
        t.put("error_pattern", (r, k, v, d) -> r.text(k, v, d.w()::errorPattern));
        t.put("log_max_bytes", (r, k, v, d) -> r.integer(k, v, x -> d.w().logMaxBytes(x)));
        t.put("log_max_files", (r, k, v, d) -> r.integer(k, v, d.w()::logMaxFiles));
        t.put("group", (r, k, v, d) -> r.text(k, v, d.w()::group));
        return Map.copyOf(t);
    }

    private void env(String key, JsonNode v, WorkerSpec.Builder w) {
        if (v.isObject()) {
            v.properties().forEach(x -> w.env(x.getKey(), x.getValue().asText()));
        } else {
            problems.add(key + ": must be a mapping of variable name to value");
        }
    }

    private WorkerSpec worker(String id, String path, JsonNode node) {
        WorkerSpec.Builder w = WorkerSpec.builder(id);
        List<String> command = new ArrayList<>();
        List<String> args = new ArrayList<>();
        WorkerDraft draft = new WorkerDraft(w, command, args);
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = path + "." + e.getKey();
            WorkerKey reader = WORKER_TABLE.get(e.getKey());
            if (reader == null) {
                problems.add(key + ": unknown key (known keys: " + String.join(", ", WORKER_KEYS) + ")");
            } else {
                reader.read(this, key, e.getValue(), draft);
            }
        }
        if (node.has("script") && node.has("command")) {
            problems.add(path + ": give either 'script' or 'command', not both");
        }
        if (!command.isEmpty()) {
            command.addAll(args);
            w.command(command);
        } else if (!args.isEmpty()) {
            problems.add(path + ".args: given without a 'command' or 'script'");
        }
        return w.build();
    }

    /**
     * A script is run by the interpreter its extension names, so that a config written for the
     * original Python workers ({@code script: workers/x.py}) runs them unchanged.
     */
    private List<String> scriptCommand(String script) {
        String path = baseDir.resolve(script).normalize().toString();
        String lower = script.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".py")) {
            return List.of("python3", path);
        } else if (lower.endsWith(".sh")) {
            return List.of("/bin/sh", path);
        } else if (lower.endsWith(".jar")) {
            return List.of("java", "-jar", path);
        }
        return List.of(path);
    }

    private void discover(String key, JsonNode v, WorkerSpec.Builder w) {
        if (!v.isObject()) {
            problems.add(key + ": must be a mapping such as {command_line: 'gunicorn .*app:main', user: www}");
            return;
        }
        Map<String, String> texts = new LinkedHashMap<>();
        Duration[] timeout = {WorkerSpec.Discovery.DEFAULT_TIMEOUT};
        v.properties().forEach(e -> {
            String path = key + "." + e.getKey();
            if (e.getKey().equals("timeout")) {
                duration(path, e.getValue(), d -> timeout[0] = d);
            } else if (DISCOVER_KEYS.contains(e.getKey())) {
                text(path, e.getValue(), s -> texts.put(e.getKey(), s));
            } else {
                problems.add(path + ": unknown key (known keys: " + String.join(", ", DISCOVER_KEYS) + ")");
            }
        });
        w.discover(new WorkerSpec.Discovery(Optional.ofNullable(texts.get("command_line")),
                Optional.ofNullable(texts.get("name")), Optional.ofNullable(texts.get("user")),
                timeout[0]));
    }

    private void probes(String key, JsonNode v, WorkerSpec.Builder w) {
        if (v.isArray()) {
            // a list of names switches those probes on with no settings of their own
            v.forEach(n -> w.probe(n.asText(), Map.of("enabled", true)));
        } else if (v.isObject()) {
            v.properties().forEach(e -> {
                if (e.getValue().isObject()) {
                    Map<String, Object> settings = toMap(e.getValue());
                    w.probe(e.getKey(), settings.isEmpty() ? Map.of("enabled", true) : settings);
                } else if (e.getValue().isBoolean() || e.getValue().isNull()) {
                    w.probe(e.getKey(), Map.of("enabled", !e.getValue().isBoolean() || e.getValue().asBoolean()));
                } else {
                    problems.add(key + "." + e.getKey() + ": must be a mapping of the probe's settings");
                }
            });
        } else {
            problems.add(key + ": must be a list of probe names or a mapping of probe name to settings");
        }
    }

    private void signals(String key, JsonNode v, WorkerSpec.Builder w) {
        if (!v.isObject()) {
            problems.add(key + ": must be a mapping such as {connection_reset: HUP, memory_cleanup: USR1}");
            return;
        }
        v.properties().forEach(e -> {
            String kind = e.getKey().toUpperCase(Locale.ROOT);
            String name = e.getValue().asText().toUpperCase(Locale.ROOT);
            name = name.startsWith("SIG") ? name.substring(3) : name;
            try {
                w.signal(ControlSignal.valueOf(kind), name);
            } catch (IllegalArgumentException ex) {
                problems.add(key + "." + e.getKey() + ": unknown request (known: connection_reset, memory_cleanup)");
            }
        });
    }

    private void commandList(String key, JsonNode v, Consumer<List<String>> sink) {
        if (v.isTextual() && v.asText().trim().contains(" ")) {
            problems.add(key + ": must be a list of arguments such as [python3, worker.py]; shell strings are not run");
            return;
        }
        strings(key, v, list -> {
            if (list.isEmpty() || list.get(0).isBlank()) {
                problems.add(key + ": must name an executable");
            } else {
                sink.accept(list);
            }
        });
    }

    private void text(String key, JsonNode v, Consumer<String> sink) {
        if (v.isValueNode() && !v.isNull() && !v.asText().isBlank()) {
            sink.accept(v.asText());
        } else {
            problems.add(key + ": must be a non-empty text value");
        }
    }

    private void strings(String key, JsonNode v, Consumer<List<String>> sink) {
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode n : v) {
                if (!n.isValueNode() || n.isNull()) {
                    problems.add(key + ": must be a list of text values");
                    return;
                }
                out.add(n.asText());
            }
        } else if (v.isValueNode() && !v.isNull()) {
            out.add(v.asText());
        } else {
            problems.add(key + ": must be a list of text values");
            return;
        }
        sink.accept(out);
    }

    private void duration(String key, JsonNode v, Consumer<Duration> sink) {
        Object raw = v.isNumber() ? v.numberValue() : v.asText();
        if (v.isNumber() && v.asDouble() < 0 && Double.isFinite(v.asDouble())) {
            // passed on, so that the range check says the same as for a value set on the builder
            sink.accept(Duration.ofNanos(Math.round(v.asDouble() * 1e9)));
            return;
        }
        PluginSettings.parseDuration(raw).ifPresentOrElse(sink,
                () -> problems.add(key + ": must be a duration such as 30, 500ms, 30s, 5m or 2h but was '" + v.asText() + "'"));
    }

    private void integer(String key, JsonNode v, java.util.function.IntConsumer sink) {
        if (v.canConvertToInt() && v.isIntegralNumber()) {
            sink.accept(v.asInt());
        } else if (v.isTextual() && v.asText().trim().matches("-?\\d{1,9}")) {
            sink.accept(Integer.parseInt(v.asText().trim()));
        } else {
            problems.add(key + ": must be a whole number but was '" + v.asText() + "'");
        }
    }

    private void wholeLong(String key, JsonNode v, java.util.function.LongConsumer sink) {
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            sink.accept(v.asLong());
        } else if (v.isTextual() && v.asText().trim().matches("-?\\d{1,18}")) {
            sink.accept(Long.parseLong(v.asText().trim()));
        } else {
            problems.add(key + ": must be a whole number but was '" + v.asText() + "'");
        }
    }

    private void number(String key, JsonNode v, java.util.function.DoubleConsumer sink) {
        if (v.isNumber()) {
            sink.accept(v.asDouble());
        } else if (v.isTextual() && v.asText().trim().matches("-?\\d+(\\.\\d+)?")) {
            sink.accept(Double.parseDouble(v.asText().trim()));
        } else {
            problems.add(key + ": must be a number but was '" + v.asText() + "'");
        }
    }

    private void bool(String key, JsonNode v, Consumer<Boolean> sink) {
        if (v.isBoolean()) {
            sink.accept(v.asBoolean());
        } else {
            problems.add(key + ": must be true or false but was '" + v.asText() + "'");
        }
    }

    private <E extends Enum<E>> void choice(String key, JsonNode v, Class<E> type, Consumer<E> sink) {
        try {
            sink.accept(Enum.valueOf(type, v.asText().trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name().toLowerCase(Locale.ROOT));
            }
            problems.add(key + ": must be one of " + names + " but was '" + v.asText() + "'");
        }
    }

    private static Map<String, Object> toMap(JsonNode node) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (node == null || !node.isObject()) {
            return out;
        }
        node.properties().forEach(e -> out.put(e.getKey(), toValue(e.getValue())));
        return out;
    }

    private static Object toValue(JsonNode n) {
        if (n.isObject()) {
            return toMap(n);
        } else if (n.isArray()) {
            List<Object> list = new ArrayList<>();
            n.forEach(x -> list.add(toValue(x)));
            return list;
        } else if (n.isBoolean()) {
            return n.asBoolean();
        } else if (n.isIntegralNumber()) {
            return n.asLong();
        } else if (n.isNumber()) {
            return n.asDouble();
        } else if (n.isNull()) {
            return null;
        }
        return n.asText();
    }
}
