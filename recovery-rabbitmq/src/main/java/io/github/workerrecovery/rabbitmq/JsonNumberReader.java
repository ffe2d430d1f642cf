package io.github.workerrecovery.rabbitmq;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the numbers of a flat JSON object, such as a heartbeat body
 * {@code {"jobs_done": 12, "lag_ms": 3.5}}: each top-level member whose value is a number;
 * strings, booleans, nulls, nested objects and arrays are skipped. Small on purpose, so that this
 * module needs no JSON library. Stateless and thread-safe.
 */
final class JsonNumberReader {

    /** Nesting deeper than this is refused, so that a hostile body cannot exhaust the stack. */
    private static final int MAX_DEPTH = 32;

    private final String text;
    private int pos;

    private JsonNumberReader(String text) {
        this.text = text;
    }

    /**
     * @param json a JSON object
     * @return its top-level numeric members, in order
     * @throws IllegalArgumentException when the text is not one JSON object
     */
    static Map<String, Double> numbers(String json) {
        JsonNumberReader reader = new JsonNumberReader(json);
        Map<String, Double> out = reader.topLevelObject();
        reader.skipSpace();
        if (reader.pos != json.length()) {
            throw reader.error("text after the object");
        }
        return out;
    }

    private Map<String, Double> topLevelObject() {
        skipSpace();
        expect('{');
        Map<String, Double> out = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return out;
        }
        while (true) {
            skipSpace();
            String name = string();
            skipSpace();
            expect(':');
            skipSpace();
            char c = peek();
            if (c == '-' || c >= '0' && c <= '9') {
                out.put(name, number());
            } else {
                skipValue(1);
            }
            skipSpace();
            char next = next();
            if (next == '}') {
                return out;
            }
            if (next != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private void skipValue(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        char c = peek();
        switch (c) {
            case '"' -> string();
            case '{' -> skipContainer('}', true, depth);
            case '[' -> skipContainer(']', false, depth);
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || c >= '0' && c <= '9') {
                    number();
                } else {
                    throw error("unexpected character '" + c + "'");
                }
            }
        }
    }

    private void skipContainer(char close, boolean members, int depth) {
        pos++;
        skipSpace();
        if (peek() == close) {
            pos++;
            return;
        }
        while (true) {
            skipSpace();
            if (members) {
                string();
                skipSpace();
                expect(':');
                skipSpace();
            }
            skipValue(depth + 1);
            skipSpace();
            char next = next();
            if (next == close) {
                return;
            }
            if (next != ',') {
                throw error("expected ',' or '" + close + "'");
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error("short \\u escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("bad escape \\" + e);
                }
            } else if (c < 0x20) {
                throw error("control character in a string");
            } else {
                sb.append(c);
            }
        }
    }

    private double number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        try {
            return Double.parseDouble(text.substring(start, pos));
        } catch (NumberFormatException e) {
            pos = start; // point at the number, not past it
            throw error("bad number");
        }
    }

    private void literal(String word) {
        if (!text.startsWith(word, pos)) {
            throw error("expected " + word);
        }
        pos += word.length();
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            pos--;
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("not a flat JSON object: " + what + " at offset " + pos);
    }
}
