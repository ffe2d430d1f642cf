package io.github.workerrecovery.rabbitmq;

import java.util.function.Consumer;

/**
 * Writes one JSON object, member by member, on a single line: the output side of this module's
 * small JSON needs (alert bodies, control messages, heartbeat bodies), without a JSON library.
 * Strings are escaped so that the result is always valid JSON on one line; a number that is not
 * finite is written as {@code null}, which JSON has no other way to say. Not thread-safe.
 */
final class JsonObjectWriter {

    private final StringBuilder out = new StringBuilder("{");
    private boolean first = true;

    /**
     * @param name the member's name
     * @param value its text
     * @return this
     */
    JsonObjectWriter field(String name, String value) {
        name(name);
        quote(value);
        return this;
    }

    /**
     * @param name the member's name
     * @param value an integer
     * @return this
     */
    JsonObjectWriter field(String name, long value) {
        name(name);
        out.append(value);
        return this;
    }

    /**
     * @param name the member's name
     * @param value a number
     * @return this
     */
    JsonObjectWriter field(String name, double value) {
        name(name);
        out.append(Double.isFinite(value) ? Double.toString(value) : "null");
        return this;
    }

    /**
     * @param name the member's name
     * @param value a truth value
     * @return this
     */
    JsonObjectWriter field(String name, boolean value) {
        name(name);
        out.append(value);
        return this;
    }

    /**
     * @param name the member's name
     * @param members writes the nested object's members
     * @return this
     */
    JsonObjectWriter object(String name, Consumer<JsonObjectWriter> members) {
        name(name);
        JsonObjectWriter nested = new JsonObjectWriter();
        members.accept(nested);
        out.append(nested);
        return this;
    }

    /** @return the object written so far, closed */
    @Override
    public String toString() {
        return out + "}";
    }

    private void name(String name) {
        if (!first) {
            out.append(',');
        }
        first = false;
        quote(name);
        out.append(':');
    }

    private void quote(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // other control characters, and the two line separators some readers split on
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
