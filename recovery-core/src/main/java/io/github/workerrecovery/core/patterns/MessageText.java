package io.github.workerrecovery.core.patterns;

/**
 * The message of one log line, as mined: a JSON or logfmt line gives its message field and
 * other fields ({@link StructuredMessage}); any other line loses its header
 * ({@link HeaderStripper}), after which the rest may still be JSON. Stateless.
 */
final class MessageText {

    private MessageText() {
    }

    /**
     * @param line one log line
     * @return its message, trimmed; empty for a blank line
     */
    static String of(String line) {
        String s = line.strip();
        if (s.isEmpty()) {
            return s;
        }
        String structured = StructuredMessage.extract(s);
        if (structured != null) {
            return structured;
        }
        String message = HeaderStripper.strip(s);
        if (message.length() != s.length()) {
            structured = StructuredMessage.extract(message);
            if (structured != null) {
                return structured;
            }
        }
        return message;
    }
}
