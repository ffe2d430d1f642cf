package io.github.workerrecovery.spring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.workerrecovery.core.ConfigKeyInfo;
import io.github.workerrecovery.core.RecoveryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes {@code META-INF/spring-configuration-metadata.json} at build time (Maven's
 * {@code process-classes}), so that an IDE completes and documents every {@code worker-recovery.*}
 * property. The keys, types and defaults come from {@link RecoveryConfig#keyCatalog()}, the file
 * reader's own tables; the descriptions from the README's configuration reference, whose tables
 * are the one place each key is explained. A key the README does not explain fails the build.
 */
public final class MetadataGenerator {

    /** A row of the README's key tables: {@code | `key` | default | meaning |}, several keys allowed. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*((?:`[a-z_.]+`(?:,\\s*)?)+)\\s*\\|[^|]*\\|\\s*(.+?)\\s*\\|\\s*$");
    private static final Pattern KEY = Pattern.compile("`([a-z_.]+)`");

    private MetadataGenerator() {
    }

    /**
     * @param args the README and the metadata file to write
     * @throws IOException when either cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: MetadataGenerator README.md OUTPUT.json");
        }
        String json = generate(Files.readAllLines(Path.of(args[0])));
        Path out = Path.of(args[1]);
        Files.createDirectories(out.getParent());
        Files.writeString(out, json);
    }

    /**
     * @param readme the README's lines
     * @return the metadata JSON
     * @throws IllegalStateException naming every key the README does not describe
     */
    static String generate(List<String> readme) {
        Map<String, String> global = descriptions(readme, "### Global keys");
        Map<String, String> worker = descriptions(readme, "### Worker keys");
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ArrayNode groups = root.putArray("groups");
        groups.addObject().put("name", SpringConfigTree.PREFIX).put("type", RecoveryConfig.class.getName())
                .put("description", "Worker Auto-Recovery: the keys of its config file, in Spring's relaxed form.");
        ArrayNode properties = root.putArray("properties");
        starterProperty(properties, "enabled", "Whether the starter supervises anything at all.");
        starterProperty(properties, "publish-events",
                "Whether the engine's events are republished as WorkerRecoveryEvent application events.");
        List<String> missing = new ArrayList<>();
        List<String> workerKeys = new ArrayList<>();
        for (ConfigKeyInfo key : RecoveryConfig.keyCatalog()) {
            if (key.path().startsWith("workers.*.")) {
                String name = key.path().substring("workers.*.".length());
                String top = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
                if (!worker.containsKey(top)) {
                    missing.add("workers.<id>." + name);
                }
                workerKeys.add(dashed(name));
                continue;
            }
            String description = global.get(key.path());
            if (description == null) {
                missing.add(key.path());
                continue;
            }
            ObjectNode p = properties.addObject();
            p.put("name", SpringConfigTree.PREFIX + "." + dashed(key.path())).put("type", key.type())
                    .put("description", description);
            key.defaultValue().ifPresent(v -> defaultValue(p, key.type(), v));
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the README's configuration reference does not describe: " + missing);
        }
        properties.addObject().put("name", SpringConfigTree.PREFIX + ".workers")
                .put("type", "java.util.Map<java.lang.String,java.util.Map<java.lang.String,java.lang.Object>>")
                .put("description", "The workers, by id; each takes " + String.join(", ", workerKeys) + ".");
        properties.addObject().put("name", SpringConfigTree.PREFIX + ".plugins")
                .put("type", "java.util.Map<java.lang.String,java.util.Map<java.lang.String,java.lang.Object>>")
                .put("description", global.getOrDefault("plugins", "Each provider's own settings, by provider name."));
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void starterProperty(ArrayNode properties, String name, String description) {
        properties.addObject().put("name", SpringConfigTree.PREFIX + "." + name).put("type", "java.lang.Boolean")
                .put("description", description).put("defaultValue", true);
    }

    private static void defaultValue(ObjectNode p, String type, String value) {
        switch (type) {
            case "java.lang.Integer", "java.lang.Long" -> p.put("defaultValue", Long.parseLong(value));
            case "java.lang.Double" -> p.put("defaultValue", Double.parseDouble(value));
            case "java.lang.Boolean" -> p.put("defaultValue", Boolean.parseBoolean(value));
            default -> p.put("defaultValue", value);
        }
    }

    /** The key's Spring spelling: {@code correlation.min_workers} becomes {@code correlation.min-workers}. */
    static String dashed(String key) {
        return key.replace('_', '-');
    }

    /** The meaning column of each key in the table under {@code heading}, Markdown removed. */
    private static Map<String, String> descriptions(List<String> readme, String heading) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean in = false;
        for (String line : readme) {
            if (line.startsWith("### ")) {
                in = line.startsWith(heading);
                continue;
            }
            Matcher row = in ? ROW.matcher(line) : null;
            if (row == null || !row.matches()) {
                continue;
            }
            String meaning = row.group(2).replaceAll("\\[([^]]+)]\\([^)]*\\)", "$1").replace("`", "").replace("\\|", "|");
            Matcher keys = KEY.matcher(row.group(1));
            while (keys.find()) {
                out.put(keys.group(1), Character.toUpperCase(meaning.charAt(0)) + meaning.substring(1) + ".");
            }
        }
        return out;
    }
}
