package io.github.workerrecovery.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.workerrecovery.core.ConfigKeyInfo;
import io.github.workerrecovery.core.RecoveryConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.core.env.Environment;

/**
 * Turns the application's {@code worker-recovery.*} properties into the same tree a YAML config file
 * gives, so that one reader (with its checks and its messages) serves both. Spring's relaxed forms
 * of a key ({@code health-check-interval}, {@code healthCheckInterval}, {@code health_check_interval})
 * all become the file's {@code health_check_interval}; worker ids, provider names and environment
 * variable names are kept exactly as written; indexed properties ({@code command[0]}) become lists;
 * scalars are typed as YAML types them ({@code true}, {@code 3}, {@code 0.5}), except environment
 * values, which stay text.
 */
final class SpringConfigTree {

    /** The prefix of every property of the starter. */
    static final String PREFIX = "worker-recovery";

    /** Starter-only switches under the prefix that are not config-file keys. */
    static final Set<String> STARTER_KEYS = Set.of("enabled", "publish-events");

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(PREFIX);
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Known keys by level ("" top, "correlation", "advice", "prediction", "worker", "discover"), by uniform form. */
    private static final Map<String, Map<String, String>> KNOWN = knownKeys();

    private SpringConfigTree() {
    }

    /**
     * @param environment the application's environment
     * @return the {@code worker-recovery} subtree as a config file's tree (empty object when none)
     */
    static ObjectNode read(Environment environment) {
        Map<ConfigurationPropertyName, Object> values = new TreeMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            iterable.filter(ROOT::isAncestorOf).forEach(name -> {
                ConfigurationProperty p = source.getConfigurationProperty(name);
                if (p != null) {
                    // sources come in precedence order: the first one that has a name wins
                    values.putIfAbsent(name, unwrap(p.getValue()));
                }
            });
        }
        ObjectNode root = NODES.objectNode();
        values.forEach((name, value) -> put(root, name, value));
        return root;
    }

    private static Object unwrap(Object value) {
        return value instanceof OriginTrackedValue o ? o.getValue() : value;
    }

    private static void put(ObjectNode root, ConfigurationPropertyName name, Object value) {
        int first = ROOT.getNumberOfElements();
        if (name.getNumberOfElements() == first + 1 && STARTER_KEYS.contains(name.getElement(first, Form.DASHED))) {
            return;
        }
        List<String> path = new ArrayList<>();
        JsonNode node = root;
        for (int i = first; i < name.getNumberOfElements(); i++) {
            boolean last = i == name.getNumberOfElements() - 1;
            if (name.isNumericIndex(i)) {
                int index = Integer.parseInt(name.getElement(i, Form.ORIGINAL));
                ArrayNode array = (ArrayNode) node;
                while (array.size() <= index) {
                    array.addNull();
                }
                if (last) {
                    array.set(index, scalar(value, path));
                    return;
                }
                if (array.get(index).isNull()) {
                    array.set(index, name.isNumericIndex(i + 1) ? NODES.arrayNode() : NODES.objectNode());
                }
                node = array.get(index);
                path.add("[]");
                continue;
            }
            if (!(node instanceof ObjectNode object)) {
                return; // a scalar and a section under one name: the scalar, already set, stands
            }
            String key = key(path, name.getElement(i, Form.ORIGINAL));
            path.add(key);
            if (last) {
                object.set(key, scalar(value, path));
                return;
            }
            JsonNode child = object.get(key);
            if (child == null || !child.isContainerNode()) {
                child = name.isNumericIndex(i + 1) ? NODES.arrayNode() : NODES.objectNode();
                object.set(key, child);
            }
            node = child;
        }
    }

    /**
     * The file's spelling of one element. Keys the file knows match in any relaxed form; ids
     * (worker ids, provider and probe names, environment variable names) are kept as written; other
     * keys (a provider's own settings) go from dashed to the file's snake case.
     */
    private static String key(List<String> parents, String element) {
        String level = level(parents);
        if (level == null) {
            return element;
        }
        String known = KNOWN.getOrDefault(level, Map.of()).get(uniform(element));
        return known != null ? known : element.replace('-', '_');
    }

    /** @return the level whose keys the element is one of, or {@code null} where it is an id */
    private static String level(List<String> parents) {
        int depth = parents.size();
        if (depth == 0) {
            return "";
        }
        String top = parents.get(0);
        if (depth == 1) {
            return switch (top) {
                case "correlation", "advice", "prediction" -> top;
                default -> null; // workers.<id>, plugins.<provider>
            };
        }
        if (top.equals("plugins")) {
            return depth == 2 ? "setting" : null;
        }
        if (!top.equals("workers")) {
            return null;
        }
        if (depth == 2) {
            return "worker";
        }
        String section = parents.get(2);
        return switch (section) {
            case "discover" -> depth == 3 ? "discover" : null;
            case "probes" -> depth == 4 ? "setting" : null; // workers.<id>.probes.<probe>.<setting>
            default -> null; // env names, signal kinds
        };
    }

    private static JsonNode scalar(Object value, List<String> path) {
        boolean text = path.size() >= 3 && path.get(0).equals("workers") && path.get(2).equals("env");
        if (value instanceof Number n) {
            return text ? NODES.textNode(n.toString()) : n instanceof Double || n instanceof Float
                    ? NODES.numberNode(n.doubleValue()) : NODES.numberNode(n.longValue());
        }
        if (value instanceof Boolean b) {
            return text ? NODES.textNode(b.toString()) : NODES.booleanNode(b);
        }
        String s = String.valueOf(value);
        if (text) {
            return NODES.textNode(s);
        }
        String t = s.trim();
        if (t.equals("true") || t.equals("false")) {
            return NODES.booleanNode(Boolean.parseBoolean(t));
        }
        if (INTEGER.matcher(t).matches()) {
            return NODES.numberNode(Long.parseLong(t));
        }
        if (DECIMAL.matcher(t).matches()) {
            return NODES.numberNode(Double.parseDouble(t));
        }
        return NODES.textNode(s);
    }

    private static String uniform(String element) {
        StringBuilder out = new StringBuilder(element.length());
        for (int i = 0; i < element.length(); i++) {
            char c = element.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Map<String, String>> knownKeys() {
        Map<String, Map<String, String>> levels = new HashMap<>();
        for (ConfigKeyInfo key : RecoveryConfig.keyCatalog()) {
            String[] parts = key.path().split("\\.");
            String level = switch (parts.length) {
                case 1 -> "";
                case 2 -> parts[0];
                default -> parts.length == 3 ? "worker" : parts[2];
            };
            String name = parts[parts.length - 1];
            levels.computeIfAbsent(level, l -> new HashMap<>()).put(uniform(name), name);
        }
        for (String section : List.of("home", "host_id", "workers", "plugins", "correlation", "advice", "prediction")) {
            levels.get("").put(uniform(section), section);
        }
        for (String k : List.of("discover", "script", "command", "args", "restart_command")) {
            levels.get("worker").put(uniform(k), k);
        }
        return levels;
    }
}
