package io.github.workerrecovery.core.patterns;

/**
 * Finds where the message of a log line starts, by skipping the header that logging libraries
 * put in front of it: timestamps and dates in any common shape, the level ({@code ERROR},
 * {@code [warn]}, {@code E}, {@code level=error}), pids and thread names in brackets, the logger
 * or program name ({@code com.acme.Foo -}, {@code orders::db:}, {@code sshd[42]:}), syslog's host,
 * and separators ({@code -}, {@code |}). One rule set for every format, no configuration: a token
 * is taken as header only while everything before it was header too, and a word is taken only
 * where a header puts one (before a separator, after a syslog timestamp, or as {@code Tag:} after
 * a timestamp and a level), so a line without a header loses at most a leading number, date or
 * level word. Stateless.
 */
final class HeaderStripper {

    /** Header tokens looked at, at most: a header is short. */
    private static final int MAX_HEADER_TOKENS = 16;

    private static final String[] LEVELS = {
        "TRACE", "DEBUG", "DBG", "INFO", "INF", "INFORMATION", "NOTICE", "WARN", "WARNING", "WRN", "ERROR", "ERR",
        "EROR", "SEVERE", "FATAL", "FTL", "CRITICAL", "CRIT", "ALERT", "EMERG", "EMERGENCY", "PANIC", "FINE",
        "FINER", "FINEST", "CONFIG", "VERBOSE"};

    private static final String[] HEADER_KEYS = {
        "time", "ts", "t", "timestamp", "date", "level", "lvl", "severity", "pid", "tid", "thread", "logger",
        "caller", "source", "host", "hostname"};

    private static final String[] CALENDAR = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Mon", "Tue", "Wed",
        "Thu", "Fri", "Sat", "Sun", "AM", "PM", "UTC", "GMT", "Z"};

    private enum Kind { NUMERIC, CALENDAR, BRACKETED, SEPARATOR, LEVEL, SINGLE_LETTER, HEADER_FIELD, LOGGER, WORD, OTHER }

    private HeaderStripper() {
    }

    /**
     * @param line one log line
     * @return the message part; the whole line (trimmed) when it has no recognisable header or
     *     when nothing would be left
     */
    static String strip(String line) {
        int n = line.length();
        int[] starts = new int[MAX_HEADER_TOKENS + 1];
        int[] ends = new int[MAX_HEADER_TOKENS + 1];
        int count = scan(line, n, starts, ends);
        int cut = -1;
        int taken = 0;
        Kind previous = null;
        Kind beforePrevious = null;
        Kind third = null;
        boolean sawLevel = false;
        for (int k = 0; k < count && k < MAX_HEADER_TOKENS; k++) {
            int a = starts[k];
            int b = ends[k];
            if (gluedLevel(line, a, b)) {
                // Python's default "ERROR:name:message": the message starts inside this token
                return rest(line, pythonGlued(line, a, b), n);
            }
            Kind kind = classify(line, a, b);
            Kind next = k + 1 < count ? classify(line, starts[k + 1], ends[k + 1]) : null;
            boolean syslogHost = third == Kind.CALENDAR && beforePrevious == Kind.NUMERIC && previous == Kind.NUMERIC
                    && isTime(line, starts[k - 1], ends[k - 1]);
            boolean take = switch (kind) {
                case NUMERIC, CALENDAR, BRACKETED, SEPARATOR, HEADER_FIELD -> true;
                case LEVEL -> true;
                case SINGLE_LETTER -> taken >= 2 && !sawLevel;
                case LOGGER -> taken > 0 && (endsWith(line, b, ':') || endsWith(line, b, ']')
                        || next == Kind.SEPARATOR || next == Kind.BRACKETED);
                case WORD -> syslogHost || (taken > 0 && next == Kind.SEPARATOR)
                        || (taken > 0 && previous == Kind.OTHER && endsWith(line, b, ':'))
                        || (taken >= 2 && isLevelKind(previous) && next != null && endsWith(line, b, ':'));
                case OTHER -> syslogHost;
            };
            if (!take) {
                break;
            }
            if (kind == Kind.LEVEL || kind == Kind.SINGLE_LETTER) {
                sawLevel = true;
            }
            // after a syslog host only the program tag (ending in ':') is header
            Kind recorded = syslogHost ? Kind.OTHER : kind;
            third = beforePrevious;
            beforePrevious = previous;
            previous = recorded;
            cut = b;
            taken++;
        }
        if (cut < 0) {
            return line.strip();
        }
        String message = rest(line, cut, n);
        return message.isEmpty() ? line.strip() : message;
    }

    /**
     * Whether a taken header token was the level: after a timestamp and a level, a word ending in
     * {@code :} is the tag or logger (logcat's {@code D Tag: message}, {@code %p %c{1}: %m}).
     */
    private static boolean isLevelKind(Kind kind) {
        return kind == Kind.LEVEL || kind == Kind.SINGLE_LETTER;
    }

    private static String rest(String line, int from, int n) {
        int a = from;
        while (a < n && (MessageMasker.isSpace(line.charAt(a)) || line.charAt(a) == '|')) {
            a++;
        }
        int b = n;
        while (b > a && MessageMasker.isSpace(line.charAt(b - 1))) {
            b--;
        }
        return line.substring(a, b);
    }

    /** Splits the head of the line into tokens; a bracketed group is one token even with spaces. */
    private static int scan(String line, int n, int[] starts, int[] ends) {
        int count = 0;
        int i = 0;
        while (i < n && count < starts.length) {
            char c = line.charAt(i);
            if (MessageMasker.isSpace(c)) {
                i++;
                continue;
            }
            int end;
            if (c == '|') {
                end = i + 1;
            } else if (c == '[' || c == '<' || c == '(') {
                end = closing(line, i, n);
                if (end < 0) {
                    end = plainEnd(line, i, n);
                }
            } else {
                end = plainEnd(line, i, n);
            }
            starts[count] = i;
            ends[count] = end;
            count++;
            i = end;
        }
        return count;
    }

    private static int plainEnd(String line, int i, int n) {
        int e = i;
        while (e < n && !MessageMasker.isSpace(line.charAt(e)) && line.charAt(e) != '|') {
            e++;
        }
        return e;
    }

    /** @return the end of a bracketed group opening at {@code i}, with trailing ':' or ',', or -1 */
    private static int closing(String line, int i, int n) {
        char open = line.charAt(i);
        char close = open == '[' ? ']' : open == '<' ? '>' : ')';
        int depth = 0;
        int limit = Math.min(n, i + 512);
        for (int j = i; j < limit; j++) {
            char c = line.charAt(j);
            if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                int e = j + 1;
                while (e < n && (line.charAt(e) == ':' || line.charAt(e) == ',')) {
                    e++;
                }
                // "[main]x" is not a group followed by a space: treat it as a plain token
                return e == n || MessageMasker.isSpace(line.charAt(e)) || line.charAt(e) == '|' ? e : plainEnd(line, i, n);
            }
        }
        return -1;
    }

    private static Kind classify(String line, int a, int b) {
        char c0 = line.charAt(a);
        int len = b - a;
        if (c0 == '[' || c0 == '<' || c0 == '(') {
            int inner = a + 1;
            int innerEnd = b;
            while (innerEnd > inner && isCloseOrColon(line.charAt(innerEnd - 1))) {
                innerEnd--;
            }
            if (innerEnd > inner && isLevel(line, inner, innerEnd)) {
                return Kind.LEVEL;
            }
            // "(orders)" could be a word in parentheses; brackets and angle brackets are header
            return c0 == '(' && !hasDigit(line, a, b) ? Kind.OTHER : Kind.BRACKETED;
        }
        if (isSeparator(line, a, b)) {
            return Kind.SEPARATOR;
        }
        int core = b;
        while (core > a && (line.charAt(core - 1) == ':' || line.charAt(core - 1) == ',')) {
            core--;
        }
        if (core > a && isLevel(line, a, core)) {
            return Kind.LEVEL;
        }
        int eq = indexOf(line, '=', a, b);
        if (eq > a) {
            if (isHeaderKey(line, a, eq)) {
                int v = eq + 1 < b && line.charAt(eq + 1) == '"' ? eq + 2 : eq + 1;
                int e = b;
                while (e > v && (line.charAt(e - 1) == '"' || line.charAt(e - 1) == ',')) {
                    e--;
                }
                return isLevel(line, v, e) ? Kind.LEVEL : Kind.HEADER_FIELD;
            }
            return Kind.OTHER;
        }
        if (hasDigit(line, a, b)) {
            return Kind.NUMERIC;
        }
        if (len == 1 && "TDIWEFV".indexOf(c0) >= 0) {
            return Kind.SINGLE_LETTER;
        }
        if (core > a && isCalendar(line, a, core)) {
            return Kind.CALENDAR;
        }
        boolean structured = false;
        boolean plain = Character.isLetter(c0) || c0 == '_';
        for (int k = a; k < b && plain; k++) {
            char c = line.charAt(k);
            if (c == '.' || c == '$' || c == '/' || c == '@' || c == '#' || c == '[' || c == '(') {
                structured = true;
            } else if (c == ':') {
                structured |= k + 1 < b && line.charAt(k + 1) == ':';
            } else if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == ']' || c == ')')) {
                plain = false;
            }
        }
        if (!plain) {
            return Kind.OTHER;
        }
        return structured ? Kind.LOGGER : Kind.WORD;
    }

    private static boolean isCloseOrColon(char c) {
        return c == ']' || c == '>' || c == ')' || c == ':' || c == ',';
    }

    private static boolean isSeparator(String line, int a, int b) {
        for (int k = a; k < b; k++) {
            char c = line.charAt(k);
            if (c != '-' && c != '|' && c != ':' && c != '>' && c != '»' && c != '—' && c != '=' && c != '*') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLevel(String line, int a, int b) {
        int len = b - a;
        if (len < 3 || len > 11) {
            return false;
        }
        for (String level : LEVELS) {
            if (level.length() == len && line.regionMatches(true, a, level, 0, len)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHeaderKey(String line, int a, int b) {
        for (String key : HEADER_KEYS) {
            if (key.length() == b - a && line.regionMatches(true, a, key, 0, b - a)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCalendar(String line, int a, int b) {
        for (String word : CALENDAR) {
            if (word.length() == b - a && line.regionMatches(a, word, 0, b - a)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTime(String line, int a, int b) {
        return indexOf(line, ':', a, b) >= 0;
    }

    /** @return whether the token is "LEVEL:something", the level glued to what follows */
    private static boolean gluedLevel(String line, int a, int b) {
        int colon = indexOf(line, ':', a, b);
        return colon > a && colon + 1 < b && line.charAt(colon + 1) != ':' && isLevel(line, a, colon);
    }

    /** @return where the message of "LEVEL:logger:message" starts */
    private static int pythonGlued(String line, int a, int b) {
        int first = indexOf(line, ':', a, b);
        int second = indexOf(line, ':', first + 1, b);
        return second < 0 ? first + 1 : second + 1;
    }

    private static boolean endsWith(String line, int b, char c) {
        return line.charAt(b - 1) == c;
    }

    private static boolean hasDigit(String line, int a, int b) {
        for (int k = a; k < b; k++) {
            char c = line.charAt(k);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(String line, char c, int a, int b) {
        for (int k = a; k < b; k++) {
            if (line.charAt(k) == c) {
                return k;
            }
        }
        return -1;
    }
}
