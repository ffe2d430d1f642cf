package io.github.workerrecovery.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.workerrecovery.api.FailureKind;
import java.io.IOException;
import java.util.Optional;

/**
 * The envelope shared by the store's JSON files: {@code {"version": N, "<name>": [ ... ]}}. One
 * reader checks it, so every file reports a damaged envelope in the same words.
 */
final class VersionedJson {

    private VersionedJson() {
    }

    /**
     * @param mapper the JSON mapper
     * @param bytes the file's content
     * @param version the one format version understood
     * @param arrayName the key of the entries array
     * @return the entries array
     * @throws IOException when the bytes are not JSON
     * @throws IllegalArgumentException when the envelope is not as expected, saying how
     */
    static JsonNode entries(ObjectMapper mapper, byte[] bytes, int version, String arrayName) throws IOException {
        JsonNode root = mapper.readTree(bytes);
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("the file is empty");
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("the top level is not a JSON object");
        }
        JsonNode v = root.get("version");
        if (v == null || !v.isIntegralNumber() || v.asLong() != version) {
            throw new IllegalArgumentException("'version' must be " + version + " but was " + v);
        }
        JsonNode entries = root.get(arrayName);
        if (entries == null || !entries.isArray()) {
            throw new IllegalArgumentException("'" + arrayName + "' must be an array");
        }
        return entries;
    }

    /** @return the named member of an object; IllegalArgumentException when absent or null */
    static JsonNode field(JsonNode object, String name) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("'" + name + "' is missing");
        }
        return value;
    }

    /** @return the named text member; IllegalArgumentException when absent or not text */
    static String text(JsonNode object, String name) {
        JsonNode value = field(object, name);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + name + "' must be a string but was " + value);
        }
        return value.textValue();
    }

    /** @return a whole number >= 0; IllegalArgumentException naming {@code name} otherwise */
    static long nonNegativeLong(JsonNode value, String name) {
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new IllegalArgumentException("'" + name + "' must be a whole number >= 0 but was " + value);
        }
        return value.longValue();
    }

    /** @return the named text member, not blank; IllegalArgumentException otherwise */
    static String nonBlankText(JsonNode object, String name) {
        String value = text(object, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException("'" + name + "' is blank");
        }
        return value;
    }

    /** A field that older records lack: absent or null is empty. */
    static Optional<String> optionalText(JsonNode object, String name) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw new IllegalArgumentException("'" + name + "' must be a non-blank string but was " + value);
        }
        return Optional.of(value.textValue());
    }

    /** @return the failure kind named by the {@code failure} member; IllegalArgumentException when unknown */
    static FailureKind failureKind(JsonNode object) {
        String name = text(object, "failure");
        for (FailureKind kind : FailureKind.values()) {
            if (kind.name().equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown failure kind '" + name + "'");
    }
}
