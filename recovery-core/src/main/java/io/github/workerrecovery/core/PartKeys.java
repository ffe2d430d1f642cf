package io.github.workerrecovery.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The key-to-binder table of one config part: each row names a config-file key, the record
 * component it sets and how its value is read. The same table is the YAML reader of the part,
 * its list of known keys, and the setter behind the builder's flat methods, so that a new option
 * takes three edits: the record component (with its default), a row here, a line in
 * {@code validate}.
 *
 * <p>Setting a value copies the record through its canonical constructor with one component
 * replaced. Immutable and thread-safe.
 *
 * @param <R> the part's record type
 */
final class PartKeys<R extends Record> {

    /**
     * One row: a key, the component it binds, and the reader of its values.
     *
     * @param key the config-file key, e.g. {@code restart_window}
     * @param component the record component, e.g. {@code window}
     * @param value how the value is read
     */
    record Row(String key, String component, ConfigValue<?> value) {
    }

    private final Class<R> type;
    private final Constructor<R> constructor;
    private final RecordComponent[] components;
    private final Map<String, Row> rows;

    private PartKeys(Class<R> type, List<Row> rows) {
        this.type = type;
        this.components = type.getRecordComponents();
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            this.constructor = type.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " has no canonical constructor", e);
        }
        Map<String, Row> byKey = new LinkedHashMap<>();
        for (Row row : rows) {
            indexOf(row.component()); // fails now, at class initialisation, for a misspelt component
            byKey.put(row.key(), row);
        }
        this.rows = byKey;
    }

    /**
     * @param type the part's record type
     * @param rows its keys
     * @param <R> the record type
     * @return the table
     * @throws IllegalStateException when a row names no component of the record
     */
    static <R extends Record> PartKeys<R> of(Class<R> type, Row... rows) {
        return new PartKeys<>(type, List.of(rows));
    }

    /**
     * @param key a config-file key
     * @param component the record component it sets
     * @param value how its value is read
     * @return a row
     */
    static Row row(String key, String component, ConfigValue<?> value) {
        return new Row(key, component, value);
    }

    /** @return the keys of this part, in table order */
    Set<String> keys() {
        return rows.keySet();
    }

    /**
     * Reads a value from a file into the part.
     *
     * @param part the part so far
     * @param key a key of this table
     * @param path the key's full path in the file, for a problem (the key itself at the top level)
     * @param node its parsed value
     * @param problems where a value of the wrong kind is reported
     * @return the part with the value set, or {@code part} unchanged after a problem
     */
    R read(R part, String key, String path, JsonNode node, List<String> problems) {
        Optional<?> value = row(key).value().read(path, node, problems);
        return value.isPresent() ? with(part, key, value.get()) : part;
    }

    /**
     * @param part the part so far
     * @param key a key of this table
     * @param value the new value of its component
     * @return a copy of the part with that component replaced
     * @throws IllegalArgumentException when the key is not in this table
     */
    R with(R part, String key, Object value) {
        int index = indexOf(row(key).component());
        Object[] args = new Object[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                args[i] = i == index ? value : components[i].getAccessor().invoke(part);
            }
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            // the record's own null checks: a caller's mistake, reported as the record reported it
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + type.getSimpleName(), e);
        }
    }

    private Row row(String key) {
        Row row = rows.get(key);
        if (row == null) {
            throw new IllegalArgumentException(key + " is not a key of " + type.getSimpleName());
        }
        return row;
    }

    private int indexOf(String component) {
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(component)) {
                return i;
            }
        }
        throw new IllegalStateException(type.getSimpleName() + " has no component '" + component + "'");
    }

    /**
     * Describes each key of this table for tools (IDE metadata, property binding).
     *
     * @param prefix the path before each key, e.g. {@code "workers.*."}, empty at the top level
     * @param defaults the part holding the defaults, or {@code null} when its keys fall back to others
     * @return one entry per key, in table order
     */
    List<ConfigKeyInfo> describe(String prefix, R defaults) {
        List<ConfigKeyInfo> out = new ArrayList<>();
        for (Row row : rows.values()) {
            RecordComponent c = components[indexOf(row.component())];
            Optional<String> value = Optional.empty();
            if (defaults != null) {
                try {
                    value = ConfigKeyTypes.defaultText(c.getAccessor().invoke(defaults));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + type.getSimpleName() + "." + c.getName(), e);
                }
            }
            out.add(new ConfigKeyInfo(prefix + row.key(), ConfigKeyTypes.typeName(c.getGenericType()), value));
        }
        return out;
    }

    /** @return every key of these tables, for "known keys" lists */
    static List<String> allKeys(List<PartKeys<?>> tables) {
        List<String> all = new ArrayList<>();
        tables.forEach(t -> all.addAll(t.keys()));
        return all;
    }
}
