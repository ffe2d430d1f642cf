package io.github.workerrecovery.core.patterns;

/**
 * Takes the message out of a structured log line: a flat JSON object
 * ({@code {"ts":"...","level":"error","msg":"...","table":"users"}}) or logfmt
 * ({@code time=... level=error msg="..." table=users}). The message field ({@code msg},
 * {@code message}, {@code @message}, {@code log}, {@code error}, {@code err}, first found) comes
 * first; the other fields follow as {@code key=value}, except those that are header (time, level,
 * logger, thread, pid, host, caller). Field values are kept unquoted so that the masker sees their
 * words. Stateless; returns {@code null} for anything that is not entirely such a line.
 */
final class StructuredMessage {

    private static final String[] MESSAGE_KEYS = {"msg", "message", "@message", "log", "error", "err", "event"};

    private static final String[] HEADER_KEYS = {
        "time", "ts", "t", "timestamp", "@timestamp", "date", "datetime", "level", "lvl", "severity", "loglevel",
        "level_name", "levelname", "level_value", "logger", "logger_name", "loggername", "name", "thread",
        "thread_name", "threadname", "pid", "tid", "hostname", "host", "caller", "source", "src", "v", "@version",
        "file", "line", "lineno", "func", "function", "module", "target"};

    private StructuredMessage() {
    }

    /**
     * @param line a trimmed line or message
     * @return its message and fields, or {@code null} when it is not structured
     */
    static String extract(String line) {
        if (line.length() > 1 && line.charAt(0) == '{' && line.charAt(line.length() - 1) == '}') {
            return json(line);
        }
        if (line.indexOf('=') > 0 && (line.contains("msg=") || line.contains("message="))) {
            return logfmt(line);
        }
        return null;
    }

    // ------------------------------------------------------------------ JSON

    private static String json(String s) {
        Fields fields = new Fields();
        int[] pos = {1};
        int n = s.length();
        while (true) {
            skipSpace(s, pos, n);
            if (pos[0] >= n) {
                return null;
            }
            if (s.charAt(pos[0]) == '}') {
                break;
            }
            if (s.charAt(pos[0]) != '"') {
                return null;
            }
            String key = jsonString(s, pos, n);
            skipSpace(s, pos, n);
            if (key == null || pos[0] >= n || s.charAt(pos[0]) != ':') {
                return null;
            }
            pos[0]++;
            skipSpace(s, pos, n);
            if (pos[0] >= n) {
                return null;
            }
            String value;
            char c = s.charAt(pos[0]);
            if (c == '"') {
                value = jsonString(s, pos, n);
            } else if (c == '{' || c == '[') {
                int end = skipNested(s, pos[0], n);
                if (end < 0) {
                    return null;
                }
                value = s.substring(pos[0], end);
                pos[0] = end;
            } else {
                int start = pos[0];
                while (pos[0] < n && s.charAt(pos[0]) != ',' && s.charAt(pos[0]) != '}') {
                    pos[0]++;
                }
                value = s.substring(start, pos[0]).strip();
            }
            if (value == null) {
                return null;
            }
            fields.add(key, value);
            skipSpace(s, pos, n);
            if (pos[0] < n && s.charAt(pos[0]) == ',') {
                pos[0]++;
            }
        }
        return fields.render();
    }

    private static void skipSpace(String s, int[] pos, int n) {
        while (pos[0] < n && MessageMasker.isSpace(s.charAt(pos[0]))) {
            pos[0]++;
        }
    }

    /** Reads a JSON string at pos (on its opening quote) and unescapes it; null when unterminated. */
    private static String jsonString(String s, int[] pos, int n) {
        StringBuilder out = new StringBuilder();
        for (int j = pos[0] + 1; j < n; j++) {
            char c = s.charAt(j);
            if (c == '"') {
                pos[0] = j + 1;
                return out.toString();
            }
            if (c == '\\' && j + 1 < n) {
                char e = s.charAt(++j);
                switch (e) {
                    case 'n', 'r', 't', 'b', 'f' -> out.append(' ');
                    case 'u' -> {
                        if (j + 4 < n) {
                            try {
                                out.append((char) Integer.parseInt(s, j + 1, j + 5, 16));
                            } catch (NumberFormatException bad) {
                                return null;
                            }
                            j += 4;
                        }
                    }
                    default -> out.append(e);
                }
            } else {
                out.append(c);
            }
        }
        return null;
    }

    private static int skipNested(String s, int from, int n) {
        int depth = 0;
        for (int j = from; j < n; j++) {
            char c = s.charAt(j);
            if (c == '"') {
                for (j++; j < n && s.charAt(j) != '"'; j++) {
                    if (s.charAt(j) == '\\') {
                        j++;
                    }
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return j + 1;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ logfmt

    private static String logfmt(String s) {
        Fields fields = new Fields();
        int n = s.length();
        int i = 0;
        while (i < n) {
            while (i < n && MessageMasker.isSpace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int k = i;
            while (k < n && s.charAt(k) != '=' && !MessageMasker.isSpace(s.charAt(k))) {
                k++;
            }
            if (k >= n || s.charAt(k) != '=' || k == i) {
                return null; // a bare word: not logfmt
            }
            String key = s.substring(i, k);
            int v = k + 1;
            String value;
            if (v < n && s.charAt(v) == '"') {
                int[] pos = {v};
                value = jsonString(s, pos, n);
                if (value == null) {
                    return null;
                }
                i = pos[0];
            } else {
                int e = v;
                while (e < n && !MessageMasker.isSpace(s.charAt(e))) {
                    e++;
                }
                value = s.substring(v, e);
                i = e;
            }
            fields.add(key, value);
        }
        return fields.message == null ? null : fields.render();
    }

    /** The message field and the other non-header fields, in order. */
    private static final class Fields {
        String message;
        int messageRank = Integer.MAX_VALUE;
        final StringBuilder rest = new StringBuilder();

        void add(String key, String value) {
            for (int r = 0; r < MESSAGE_KEYS.length; r++) {
                if (MESSAGE_KEYS[r].equalsIgnoreCase(key)) {
                    if (r < messageRank) {
                        if (message != null) {
                            other(MESSAGE_KEYS[messageRank], message);
                        }
                        message = value;
                        messageRank = r;
                    } else {
                        other(key, value);
                    }
                    return;
                }
            }
            for (String header : HEADER_KEYS) {
                if (header.equalsIgnoreCase(key)) {
                    return;
                }
            }
            other(key, value);
        }

        private void other(String key, String value) {
            rest.append(' ').append(key).append('=').append(value);
        }

        String render() {
            String head = message == null ? "" : message;
            String all = (head + rest).strip();
            return all.isEmpty() ? null : all;
        }
    }
}
