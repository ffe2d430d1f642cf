package io.github.workerrecovery.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The one Jackson setup behind every JSON file and message of Worker Auto-Recovery: the history
 * and statistics files, the sage events (JSON-lines file, webhook, AMQP), the strategy export
 * file and the control API. Property names are the records' component names in snake_case.
 *
 * <p>Reading is tolerant of what a newer writer may add (unknown members are ignored) and strict
 * about what would make a value mean something else: a duplicated key, text after the value, or
 * a value of the wrong JSON type (a number where text belongs, {@code "5"} or {@code 1.5} where a
 * whole number belongs) is an error. Every error comes out as an {@link IllegalArgumentException}
 * with one line that says where and what, e.g. {@code strategies[1]: 'attempts' must be a whole
 * number but was "x"}.
 *
 * <p>Thread-safe: the mapper is configured once and then only used.
 */
public final class RecoveryJson {

    private static final ObjectMapper MAPPER = configure();

    private RecoveryJson() {
    }

    /**
     * The shared, configured mapper. Callers must not reconfigure it.
     *
     * @return the mapper
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Writes a DTO as compact JSON on one line: line breaks inside strings are escaped.
     *
     * @param dto one of this module's records, or any value the mapper can write
     * @return the JSON text, without a line terminator
     */
    public static String toLine(Object dto) {
        try {
            return MAPPER.writeValueAsString(dto);
        } catch (JsonProcessingException e) {
            // records of strings and numbers always serialize; keep the cause if one ever does not
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a DTO as indented JSON ending in a newline: the form of the files people read and diff.
     *
     * @param dto one of this module's records
     * @return the file's bytes, UTF-8
     */
    public static byte[] toPrettyBytes(Object dto) {
        try {
            byte[] json = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(dto);
            byte[] content = new byte[json.length + 1];
            System.arraycopy(json, 0, content, 0, json.length);
            content[json.length] = '\n';
            return content;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses JSON text into a tree, the first step of every read: syntax errors are reported here
     * with their position, before any binding.
     *
     * @param bytes the JSON, UTF-8
     * @param withLine whether the position names the line (a file) or only the column (one line)
     * @return the tree; a {@link com.fasterxml.jackson.databind.node.MissingNode} for empty input
     * @throws IllegalArgumentException {@code invalid JSON at line L, column C: <problem>}
     */
    public static JsonNode parse(byte[] bytes, boolean withLine) {
        Objects.requireNonNull(bytes, "bytes");
        try {
            return Objects.requireNonNullElse(MAPPER.readTree(bytes), MAPPER.missingNode());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(JsonProblems.describe(e, withLine), e);
        } catch (IOException e) {
            // the bytes are in memory: an I/O error here is about their content
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Parses one line of JSON text, e.g. a line of a JSON-lines file.
     *
     * @param line the JSON
     * @return the tree; a {@link com.fasterxml.jackson.databind.node.MissingNode} for a blank line
     * @throws IllegalArgumentException {@code invalid JSON at column C: <problem>}
     */
    public static JsonNode parse(String line) {
        Objects.requireNonNull(line, "line");
        try {
            return Objects.requireNonNullElse(MAPPER.readTree(line), MAPPER.missingNode());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(JsonProblems.describe(e, false), e);
        }
    }

    /**
     * Binds a parsed tree to a DTO record.
     *
     * @param <T> the record type
     * @param tree the parsed JSON
     * @param type the record type
     * @return the record; members that were absent are {@code null} in it
     * @throws IllegalArgumentException one line naming the member and what was wrong with it
     */
    public static <T> T bind(JsonNode tree, Class<T> type) {
        Objects.requireNonNull(tree, "tree");
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(JsonProblems.describeBinding(e), e);
        } catch (IllegalArgumentException e) {
            // a record's own checks, wrapped by Jackson: the record's words are the ones to show
            throw new IllegalArgumentException(JsonProblems.rootCauseMessage(e), e);
        }
    }

    private static ObjectMapper configure() {
        JsonMapper mapper = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                // a newer writer may add members; an older reader keeps working
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // a duplicated key or trailing text means the content is not what we wrote
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // "5" for a number, 1.5 for a count, 0 for a boolean: refused rather than guessed
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // an unknown sage event kind reads as the default record, which names the kind it got
                .disable(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE)
                .build();
        // Jackson turns a number or a boolean into text unless told not to: 7 is not a host id.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }
}
