package io.github.workerrecovery.core;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.workerrecovery.api.PluginSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a YAML or JSON config file into a {@link RecoveryConfigBuilder}, collecting every
 * problem with its path instead of stopping at the first, so that a user fixes a file in one go.
 */
final class ConfigFileReader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigFileReader.class);

    /** Top-level keys that are not flat keys of a part: each is read by its own method here. */
    private static final List<String> SECTION_KEYS = List.of("home", "host_id", "plugins", "workers", "correlation", "advice",
            "fleet", "prediction");

    /** The store that keeps a fleet's data: the {@code fleet:} section is its settings. */
    static final String FLEET_STORE = "postgres";

    /** Every top-level key: the parts' tables and the sections above. */
    private static final Set<String> GLOBAL_KEYS = new TreeSet<>(concat(RecoveryConfig.partKeys(), SECTION_KEYS));

    /** A worker being read: its builder, and the launch parts that are joined at the end (script: 0 or 1 path). */
    private record WorkerDraft(WorkerSpecBuilder w, List<String> command, List<Path> script, List<String> args) {
    }

    /** Reads one launch key of a worker's section into the draft. */
    @FunctionalInterface
    private interface LaunchKey {
        void read(ConfigFileReader reader, String key, JsonNode value, WorkerDraft draft);
    }

    /**
     * The launch keys of {@code workers.<id>}, read here because they combine ({@code script} or
     * {@code command}, then {@code args}; {@code restart_command} only with {@code discover}) into
     * one {@link WorkerLaunch}. Every other key of a worker belongs to a part's table (see
     * {@link WorkerSpec#TABLES}), which reads it and lists it as known.
     */
    private static final Map<String, LaunchKey> LAUNCH_TABLE = Map.of(
            // relative to the file's directory, as a file's author expects
            "script", (r, k, v, d) -> r.text(k, v, s -> d.script().add(r.baseDir.resolve(s).normalize())),
            "command", (r, k, v, d) -> r.commandList(k, v, d.command()::addAll),
            "args", (r, k, v, d) -> r.strings(k, v, d.args()::addAll),
            "discover", (r, k, v, d) -> r.discover(k, v, d.w()),
            "restart_command", (r, k, v, d) -> r.commandList(k, v, d.w()::restartCommand));

    /** Every key of {@code workers.<id>}: the launch keys and the parts' tables. */
    private static final Set<String> WORKER_KEYS = new TreeSet<>(concat(List.copyOf(LAUNCH_TABLE.keySet()), WorkerSpec.partKeys()));

    private static final Set<String> DISCOVER_KEYS = new TreeSet<>(List.of("command_line", "name", "user", "timeout"));

    private final List<String> problems = new ArrayList<>();
    private final Path baseDir;

    private ConfigFileReader(Path baseDir) {
        this.baseDir = baseDir;
    }

    static RecoveryConfigBuilder read(Path file) {
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

    static RecoveryConfigBuilder parse(String text, Path baseDir, String sourceName) {
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
        RecoveryConfigBuilder builder = RecoveryConfig.builder().home(baseDir.resolve("recovery-home"));
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

    private void global(JsonNode root, RecoveryConfigBuilder b) {
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
                case "prediction" -> prediction(v, b);
                case "plugins" -> plugins(v, b);
                case "workers" -> workers(v, b);
                case "fleet" -> fleet(root, v, b);
                default -> problems.add(key + ": unknown key (known keys: " + String.join(", ", GLOBAL_KEYS) + ")");
            }
        }
    }

    /**
     * {@code fleet:}, fleet mode in one section: the {@value #FLEET_STORE} store with these
     * settings (its {@code plugins.postgres} keys, {@code name} for the fleet's name). Without
     * the section nothing changes: a single host keeps its JSON files.
     */
    private void fleet(JsonNode root, JsonNode v, RecoveryConfigBuilder b) {
        if (!v.isObject()) {
            problems.add("fleet: must be a mapping such as {url: jdbc:postgresql://db:5432/fleet, name: payments}");
            return;
        }
        JsonNode store = root.get("store");
        if (store != null && !FLEET_STORE.equals(store.asText())) {
            problems.add("fleet: fleet mode keeps its data in the " + FLEET_STORE + " store but store is '" + store.asText()
                    + "' (leave store out)");
        }
        if (root.path("plugins").has(FLEET_STORE)) {
            problems.add("fleet: give the fleet's settings here or in plugins." + FLEET_STORE + ", not in both");
        }
        Map<String, Object> settings = new java.util.LinkedHashMap<>(ConfigValue.toMap(v));
        if (settings.containsKey("name")) {
            if (settings.containsKey("fleet")) {
                problems.add("fleet: give the fleet's name as name or as fleet, not both");
            }
            settings.put("fleet", settings.remove("name"));
        }
        b.store(FLEET_STORE);
        b.plugin(FLEET_STORE, "fleet", settings);
    }

    private void correlation(JsonNode v, RecoveryConfigBuilder b) {
        if (!v.isObject()) {
            problems.add("correlation: must be a mapping such as {min_workers: 3, window: 30s}");
            return;
        }
        b.correlation(section("correlation", v, CorrelationConfig.KEYS, CorrelationConfig.ofDefaults()));
    }

    private void advice(JsonNode v, RecoveryConfigBuilder b) {
        if (!v.isObject()) {
            problems.add("advice: must be a mapping such as {recurrence_per_day: 10, costly_streak: 5}");
            return;
        }
        b.advice(section("advice", v, AdviceConfig.KEYS, AdviceConfig.ofDefaults()));
    }

    private void prediction(JsonNode v, RecoveryConfigBuilder b) {
        if (!v.isObject()) {
            problems.add("prediction: must be a mapping such as {window: 10m, horizon: 30m}");
            return;
        }
        b.prediction(section("prediction", v, PredictionConfig.KEYS, PredictionConfig.ofDefaults()));
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

    private void plugins(JsonNode v, RecoveryConfigBuilder b) {
        if (!v.isObject()) {
            problems.add("plugins: must be a mapping of provider name to its settings");
            return;
        }
        v.properties().forEach(e -> {
            if (e.getValue().isObject() || e.getValue().isNull()) {
                b.plugin(e.getKey(), ConfigValue.toMap(e.getValue()));
            } else {
                problems.add("plugins." + e.getKey() + ": must be a mapping of settings");
            }
        });
    }

    private void workers(JsonNode v, RecoveryConfigBuilder b) {
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

    private WorkerSpec worker(String id, String path, JsonNode node) {
        WorkerSpecBuilder w = WorkerSpec.builder(id);
        List<String> command = new ArrayList<>();
        List<Path> script = new ArrayList<>();
        List<String> args = new ArrayList<>();
        WorkerDraft draft = new WorkerDraft(w, command, script, args);
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = path + "." + e.getKey();
            LaunchKey launchKey = LAUNCH_TABLE.get(e.getKey());
            if (launchKey != null) {
                launchKey.read(this, key, e.getValue(), draft);
            } else if (!w.read(e.getKey(), key, e.getValue(), problems)) {
                problems.add(key + ": unknown key (known keys: " + String.join(", ", WORKER_KEYS) + ")");
            }
        }
        w.resolveWorkingDir(baseDir);
        if (node.has("script") && node.has("command")) {
            problems.add(path + ": give either 'script' or 'command', not both");
        }
        if (!script.isEmpty()) {
            w.script(script.get(0), args);
        } else if (!command.isEmpty()) {
            command.addAll(args);
            w.command(command);
        } else if (!args.isEmpty()) {
            problems.add(path + ".args: given without a 'command' or 'script'");
        }
        return w.build();
    }

    private void discover(String key, JsonNode v, WorkerSpecBuilder w) {
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
}
