package io.github.workerrecovery.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns Jackson's exceptions into the one-line problems this project reports: Jackson's own
 * messages span lines, quote the source and name Java types, which is noise in an alert or on a
 * command line.
 */
final class JsonProblems {

    private JsonProblems() {
    }

    /** A syntax error: where it is and Jackson's first line about it. */
    static String describe(JsonProcessingException e, boolean withLine) {
        String message = Objects.requireNonNullElse(e.getOriginalMessage(), e.getClass().getSimpleName());
        int cut = message.indexOf('\n');
        // the parser's pointer back to the opening brace names a redacted source: noise
        String first = (cut < 0 ? message : message.substring(0, cut)).replaceFirst(" \\(start marker at .*$", "");
        if (e.getLocation() == null) {
            return "invalid JSON: " + first;
        }
        return "invalid JSON at " + (withLine ? "line " + e.getLocation().getLineNr() + ", " : "")
                + "column " + e.getLocation().getColumnNr() + ": " + first;
    }

    /**
     * A value of the wrong JSON type, in the words of the record checks:
     * {@code strategies[1]: 'attempts' must be a whole number but was "x"}.
     */
    static String describeBinding(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return "invalid JSON: " + firstLine(e);
        }
        String where = where(mapping.getPath());
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return where + " must be " + expected(mismatch.getTargetType()) + " but was " + actual(mismatch);
        }
        return where + ": " + firstLine(e);
    }

    /** The innermost message: a record constructor's own words, without Jackson's wrapping. */
    static String rootCauseMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return Objects.requireNonNullElse(t.getMessage(), t.getClass().getSimpleName());
    }

    /**
     * {@code 'host'}, or {@code strategies[1]: 'attempts'} when the member is inside an array
     * entry, so that a binding error reads like the checks of the entry itself.
     */
    private static String where(List<JsonMappingException.Reference> path) {
        StringBuilder prefix = new StringBuilder();
        StringBuilder member = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!member.isEmpty()) {
                    member.append('.');
                }
                member.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                member.append('[').append(ref.getIndex()).append(']');
                if (prefix.isEmpty()) {
                    // the first array entry becomes the prefix, as the entry checks name it
                    prefix.append(member);
                    member.setLength(0);
                }
            }
        }
        if (member.isEmpty()) {
            return "'" + prefix + "'";
        }
        return prefix.isEmpty() ? "'" + member + "'" : prefix + ": '" + member + "'";
    }

    private static String expected(Class<?> type) {
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }

    private static String actual(MismatchedInputException e) {
        if (e instanceof InvalidFormatException format && format.getValue() != null) {
            Object value = format.getValue();
            return value instanceof String s ? RecoveryJson.toLine(s) : String.valueOf(value);
        }
        if (e.getProcessor() instanceof JsonParser p) {
            JsonToken token = p.currentToken();
            if (token == JsonToken.START_OBJECT) {
                return "an object";
            }
            if (token == JsonToken.START_ARRAY) {
                return "an array";
            }
            try {
                if (token == JsonToken.VALUE_STRING) {
                    return RecoveryJson.toLine(p.getText());
                }
                if (token != null && token.isScalarValue()) {
                    return p.getText();
                }
            } catch (java.io.IOException ignored) {
                // fall through to the generic answer
            }
        }
        return "a value of another type";
    }

    private static String firstLine(JsonProcessingException e) {
        String message = Objects.requireNonNullElse(e.getOriginalMessage(), e.getClass().getSimpleName());
        int cut = message.indexOf('\n');
        return cut < 0 ? message : message.substring(0, cut);
    }
}
