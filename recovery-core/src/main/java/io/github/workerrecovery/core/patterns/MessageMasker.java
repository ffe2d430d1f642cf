package io.github.workerrecovery.core.patterns;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one message into tokens and masks the values that vary, so that the pattern tree only
 * has to tell templates apart. Hand-written character scans rather than regular expressions: it
 * runs on every message and must cost well under a microsecond per token.
 *
 * <p>What is masked, to {@value #WILDCARD}:
 * <ul>
 *   <li>any token holding a digit: numbers, hex, UUIDs, IPv4/IPv6 addresses, dates, times,
 *       durations ({@code 35ms}), sizes ({@code 10MB}), versions, ids such as {@code blk_123};
 *       {@code host:port} keeps its shape as {@code <*>:<*>};
 *   <li>URLs ({@code scheme://...}), e-mail-like ids ({@code a@b}), paths ({@code /var/x},
 *       {@code ./x}, {@code ~/x}, {@code C:\x}, {@code a/b/c}, {@code dir/file.ext});
 *   <li>quoted strings, even with spaces inside ({@code 'a b'} becomes {@code '<*>'}), and
 *       bracketed lists or maps with spaces inside ({@code [1, 2]}, {@code {a=1, b=2}});
 *   <li>a unit word after a masked number ({@code 35 ms}, {@code 2 seconds}, {@code 10 MB}),
 *       and month or weekday names and AM/PM next to a masked value (dates written out).
 * </ul>
 * Surrounding brackets, quotes and trailing punctuation are kept ({@code (<*>),}), and so is the
 * key of {@code key=value} ({@code user=<*>}). Tokens are separated by white space, and
 * {@code |} is a token of its own. Messages are cut at {@value #MAX_MESSAGE_CHARS} characters
 * and {@value #MAX_TOKENS} tokens, so that one huge line costs no more than a long one.
 */
final class MessageMasker {

    /** The mask of a variable value. */
    static final String WILDCARD = "<*>";

    /** Longest message looked at. */
    static final int MAX_MESSAGE_CHARS = 4096;

    /** Most tokens kept of one message. */
    static final int MAX_TOKENS = 128;

    private static final String[] UNITS = {
        "ms", "s", "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "h", "hr", "hrs",
        "hour", "hours", "day", "days", "us", "µs", "ns", "b", "B", "kb", "KB", "kB", "mb", "MB", "gb", "GB",
        "tb", "TB", "KiB", "MiB", "GiB", "TiB", "K", "M", "G", "bytes", "byte", "%"};

    private static final String[] CALENDAR = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
        "January", "February", "March", "April", "June", "July", "August", "September", "October",
        "November", "December", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Monday", "Tuesday",
        "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "AM", "PM", "am", "pm"};

    private MessageMasker() {
    }

    /**
     * @param message one message, without a log header
     * @return its tokens, variable values masked; empty for a blank message
     */
    static String[] tokens(String message) {
        String s = message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) : message;
        int n = s.length();
        List<String> out = new ArrayList<>(16);
        int i = 0;
        while (i < n && out.size() < MAX_TOKENS) {
            char c = s.charAt(i);
            if (isSpace(c)) {
                i++;
                continue;
            }
            if (c == '|') {
                out.add("|");
                i++;
                continue;
            }
            int end = i;
            while (end < n && !isSpace(s.charAt(end)) && s.charAt(end) != '|') {
                end++;
            }
            int span = spanEnd(s, i, end, n);
            int method = span > 0 ? requestMethodEnd(s, i, span) : -1;
            if (method > 0) {
                out.add(s.substring(i, method));
                out.add(WILDCARD + s.substring(s.lastIndexOf(s.charAt(i), span - 1), span));
                i = span;
            } else if (span > 0) {
                out.add(span == end ? maskQuotedWithin(s, i, end) : maskSpan(s, i, span));
                i = span;
            } else {
                out.add(mask(s, i, end));
                i = end;
            }
        }
        maskNeighbours(out);
        if (out.size() > 1 && isComponentTag(out.get(0))) {
            out.remove(0);
        }
        return collapseValueRuns(out).toArray(new String[0]);
    }

    /**
     * A message that starts with a qualified name and a colon ({@code com.acme.sync.Daily: job
     * skipped}) names the component that wrote it, and many components write the same message:
     * the name is header, dropped as the header stripper drops such a tag after a timestamp (so a
     * line with and one without the timestamp mine alike). An exception type
     * ({@code java.io.IOException: ...}) is what the error is, so it stays.
     */
    private static boolean isComponentTag(String token) {
        int n = token.length();
        if (n < 6 || token.charAt(n - 1) != ':') {
            return false;
        }
        int dots = 0;
        for (int k = 0; k < n - 1; k++) {
            char c = token.charAt(k);
            if (c == '.') {
                if (k == 0 || token.charAt(k - 1) == '.') {
                    return false;
                }
                dots++;
            } else if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '-')) {
                return false;
            }
        }
        String name = token.substring(0, n - 1);
        return dots >= 2 && Character.isLetter(token.charAt(0)) && !name.endsWith("Exception") && !name.endsWith("Error");
    }

    /**
     * A value of varying length is one value: a run of tokens that are nothing but masks and
     * punctuation ({@code 1190 bytes (1.16 KB)} masked to {@code <*> <*> (<*> <*>)}) becomes one
     * token, its first token's opening and its last token's closing kept ({@code <*>)}). So
     * {@code 0 bytes sent} and {@code 1190 bytes (1.16 KB) sent} are one template, and a list of
     * numbers is one value whatever its length.
     */
    private static List<String> collapseValueRuns(List<String> tokens) {
        int n = tokens.size();
        List<String> out = null;
        int k = 0;
        while (k < n) {
            int run = k;
            while (run < n && isMaskOnly(tokens.get(run)) && (run == k || joins(tokens.get(run - 1), tokens.get(run)))) {
                run++;
            }
            if (run - k >= 2) {
                if (out == null) {
                    out = new ArrayList<>(tokens.subList(0, k));
                }
                String first = tokens.get(k);
                String last = tokens.get(run - 1);
                String opening = first.substring(0, Math.max(0, first.indexOf(WILDCARD)));
                out.add(opening + WILDCARD + closing(last, opening, tokens.subList(k, run)));
                k = run;
            } else {
                if (out != null) {
                    out.add(tokens.get(k));
                }
                k++;
            }
        }
        return out == null ? tokens : out;
    }

    /**
     * Whether two adjacent values are one: not when a label's colon or a semicolon ends the first
     * ({@code base <*>: '<*>'}), nor when either is quoted (a quoted value is a value of its own).
     */
    private static boolean joins(String before, String after) {
        char end = before.charAt(before.length() - 1);
        char start = after.charAt(0);
        return end != ':' && end != ';' && !isQuote(end) && !isQuote(start) && !isBracketedValue(before)
                && !isBracketedValue(after) && !isAddress(before) && !isAddress(after);
    }

    /** {@code <*>:<*>}, an address with its port: one value whose shape is kept, never part of a longer one. */
    private static boolean isAddress(String token) {
        return token.contains(WILDCARD + ":" + WILDCARD);
    }

    /**
     * A single value in brackets ({@code (<*>)}, {@code [<*>]}) stays a value of its own: the same
     * place may hold a name without digits ({@code (payments)}), which is not masked. An aside that
     * spans several tokens ({@code (1.16 KB)}) restates the value before it and joins it.
     */
    private static boolean isBracketedValue(String token) {
        char o = token.charAt(0);
        char c = o == '(' ? ')' : o == '[' ? ']' : o == '{' ? '}' : 0;
        return c != 0 && token.indexOf(c) > 0;
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '`';
    }

    /** The end of a collapsed run: the last token's punctuation after its mask, without brackets the run did not open. */
    private static String closing(String last, String opening, List<String> run) {
        int w = last.lastIndexOf(WILDCARD);
        String tail = w < 0 ? "" : last.substring(w + WILDCARD.length());
        StringBuilder kept = new StringBuilder(tail.length());
        for (int k = 0; k < tail.length(); k++) {
            char c = tail.charAt(k);
            char open = c == ')' ? '(' : c == ']' ? '[' : c == '}' ? '{' : 0;
            if (open == 0 || opening.indexOf(open) >= 0 || !opens(run, open)) {
                kept.append(c);
            }
        }
        return kept.toString();
    }

    private static boolean opens(List<String> run, char open) {
        for (String t : run) {
            if (t.indexOf(open) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return whether a token is a value and nothing else: a mask with only punctuation around it
     *     ({@code <*>:<*>}, {@code (<*>,}), or an empty one ({@code ()}, {@code []}, {@code ''})
     */
    static boolean isMaskOnly(String token) {
        int w = token.indexOf(WILDCARD);
        if (w < 0) {
            return isEmptyValue(token);
        }
        for (int k = 0; k < token.length(); k++) {
            if (token.startsWith(WILDCARD, k)) {
                k += WILDCARD.length() - 1;
            } else if (Character.isLetterOrDigit(token.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isEmptyValue(String token) {
        int end = token.length();
        while (end > 2 && (token.charAt(end - 1) == ',' || token.charAt(end - 1) == ';')) {
            end--;
        }
        if (end != 2) {
            return false;
        }
        char o = token.charAt(0);
        char c = token.charAt(1);
        return (o == '(' && c == ')') || (o == '[' && c == ']') || (o == '{' && c == '}') || (o == '\'' && c == '\'')
                || (o == '"' && c == '"');
    }

    /**
     * An HTTP request line in quotes ({@code "GET /v2/servers HTTP/1.1"}, the shape of access logs)
     * keeps its method: {@code "GET} and {@code <*>"} are two tokens, so a GET and a POST are two
     * templates while the path and protocol are values.
     *
     * @return the end of the method token (the quote included), or -1 when the span is not such a line
     */
    private static int requestMethodEnd(String s, int start, int span) {
        int q = valueStart(s, start, span);
        if (q != start || (s.charAt(q) != '"' && s.charAt(q) != '\'')) {
            return -1;
        }
        int k = q + 1;
        while (k < span && s.charAt(k) >= 'A' && s.charAt(k) <= 'Z') {
            k++;
        }
        int letters = k - q - 1;
        return letters >= 3 && letters <= 7 && k + 1 < span && s.charAt(k) == ' ' && s.charAt(k + 1) == '/' ? k : -1;
    }

    /** @return whether a template token is exactly the mask */
    static boolean isWildcard(String token) {
        return token.equals(WILDCARD);
    }

    /** @return whether a token holds a mask anywhere (fully or partly variable) */
    static boolean hasWildcard(String token) {
        return token.contains(WILDCARD);
    }

    // ------------------------------------------------------------------ spans

    /**
     * When the token at {@code start} opens a quoted string or a bracketed list that must be
     * masked as a whole, returns where that span ends (after trailing punctuation), else -1.
     */
    private static int spanEnd(String s, int start, int end, int n) {
        int v = valueStart(s, start, end);
        if (v >= end) {
            return -1;
        }
        char c = s.charAt(v);
        if (c == '"' || c == '\'' || c == '`') {
            return closingQuote(s, v, n);
        }
        if (c == '[' || c == '{') {
            return closingBracket(s, v, end, n);
        }
        return -1;
    }

    /** Skips opening brackets and a {@code key=} or {@code key:} before a value. */
    private static int valueStart(String s, int start, int end) {
        int v = start;
        while (v < end && v - start < 2 && (s.charAt(v) == '(' || s.charAt(v) == '<')) {
            v++;
        }
        int k = v;
        while (k < end && isKeyChar(s.charAt(k))) {
            k++;
        }
        if (k > v && k < end - 1 && (s.charAt(k) == '=' || s.charAt(k) == ':')) {
            return k + 1;
        }
        return v;
    }

    private static int closingQuote(String s, int open, int n) {
        char q = s.charAt(open);
        for (int j = open + 1; j < n; j++) {
            char c = s.charAt(j);
            if (c == '\\') {
                j++;
                continue;
            }
            if (c == q) {
                int after = trailingPunctuationEnd(s, j + 1, n);
                if (after == n || isSpace(s.charAt(after)) || s.charAt(after) == '|') {
                    return after;
                }
            }
        }
        return -1; // an apostrophe, not a quote
    }

    private static int closingBracket(String s, int open, int end, int n) {
        char o = s.charAt(open);
        char close = o == '[' ? ']' : '}';
        int depth = 0;
        boolean structured = false;
        boolean crossedSpace = false;
        for (int j = open; j < n; j++) {
            char c = s.charAt(j);
            if (c == '"' || c == '\'') {
                int q = s.indexOf(c, j + 1);
                if (q < 0) {
                    return -1;
                }
                structured = true;
                j = q;
                continue;
            }
            if (isSpace(c)) {
                crossedSpace = true;
            } else if (c == ',' || c == ':' || c == '=') {
                structured = true;
            } else if (c == o) {
                depth++;
            } else if (c == close && --depth == 0) {
                if (!crossedSpace || !structured) {
                    return -1; // within one token, or plain words in brackets: token by token
                }
                int after = trailingPunctuationEnd(s, j + 1, n);
                return after == n || isSpace(s.charAt(after)) || s.charAt(after) == '|' ? after : -1;
            }
        }
        return -1;
    }

    private static int trailingPunctuationEnd(String s, int from, int n) {
        int j = from;
        while (j < n && isTrailing(s.charAt(j))) {
            j++;
        }
        return j;
    }

    /** A quoted string or list that closes inside one token, e.g. {@code 'abc'} or {@code ("x"),}. */
    private static String maskQuotedWithin(String s, int start, int end) {
        return maskSpan(s, start, end);
    }

    private static String maskSpan(String s, int start, int stop) {
        int v = valueStart(s, start, stop);
        char open = s.charAt(v);
        char close = open == '[' ? ']' : open == '{' ? '}' : open;
        int tail = stop;
        while (tail > v + 1 && isTrailing(s.charAt(tail - 1)) && s.charAt(tail - 1) != close) {
            tail--;
        }
        return s.substring(start, v + 1) + WILDCARD + close + s.substring(tail, stop);
    }

    // ------------------------------------------------------------------ single tokens

    private static String mask(String s, int a, int b) {
        boolean special = false;
        for (int k = a; k < b; k++) {
            char c = s.charAt(k);
            if ((c >= '0' && c <= '9') || c == '/' || c == '@' || c == '=' || c == '\\') {
                special = true;
                break;
            }
        }
        if (!special) {
            return isHostName(s, a, b) ? maskHostName(s, a, b) : s.substring(a, b); // a plain word: the common case
        }
        int p = a;
        while (p < b && isOpening(s.charAt(p))) {
            p++;
        }
        int q = b;
        while (q > p && isTrailing(s.charAt(q - 1))) {
            q--;
        }
        if (p >= q || isVersionedAcronym(s, p, q)) {
            return s.substring(a, b);
        }
        int leader = dotLeaderEnd(s, p, q);
        if (leader > 0) {
            String value = maskCore(s, leader, q);
            return value == null ? s.substring(a, b) : s.substring(a, leader) + value + s.substring(q, b);
        }
        int eq = indexOf(s, '=', p, q);
        int paren = eq > p ? lastIndexOf(s, '(', p, eq) : -1;
        if (eq > p && isKey(s, paren >= 0 ? paren + 1 : p, eq)) {
            if (eq + 1 == q) {
                return s.substring(a, b); // "key=" with an empty value
            }
            String value = maskCore(s, eq + 1, q);
            return value == null ? s.substring(a, b) : s.substring(a, eq + 1) + value + s.substring(q, b);
        }
        int colon = indexOf(s, ':', p, q);
        if (colon > p + 1 && colon < q - 1 && isKey(s, p, colon) && !isPort(s, colon + 1, q)
                && s.charAt(colon + 1) != '\\' && s.charAt(colon + 1) != '/'
                && maskCore(s, p, colon) == null && !isUrl(s, p, q)) {
            // key:value keeps its key ("total-vm:<*>"), as key=value does; host:port is a value
            String value = maskCore(s, colon + 1, q);
            return value == null ? s.substring(a, b) : s.substring(a, colon + 1) + value + s.substring(q, b);
        }
        String core = maskCore(s, p, q);
        return core == null ? s.substring(a, b) : s.substring(a, p) + core + s.substring(q, b);
    }

    /**
     * An upper-case name with a version number ({@code SOCKS5}, {@code HTTP2}, {@code MD5},
     * {@code UTF8}, {@code EXT4}) names a protocol or format: a constant, not a value.
     */
    private static boolean isVersionedAcronym(String s, int p, int q) {
        int k = p;
        while (k < q && s.charAt(k) >= 'A' && s.charAt(k) <= 'Z') {
            k++;
        }
        if (k - p < 2 || q - k < 1 || q - k > 3) {
            return false;
        }
        for (int d = k; d < q; d++) {
            if (s.charAt(d) < '0' || s.charAt(d) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * A label and its value joined by dot leaders, as in a table of counters
     * ({@code illegal instruction......0}): the label and the leaders stay, the value is masked.
     *
     * @return where the value starts after three or more dots, or -1
     */
    static int dotLeaderEnd(String s, int p, int q) {
        int dots = -1;
        for (int k = p + 1; k + 2 < q; k++) { // within the token: a message-wide search would cost a scan per token
            if (s.charAt(k) == '.' && s.charAt(k + 1) == '.' && s.charAt(k + 2) == '.') {
                dots = k;
                break;
            }
        }
        if (dots < 0 || !Character.isLetter(s.charAt(dots - 1))) {
            return -1;
        }
        int k = dots;
        while (k < q && s.charAt(k) == '.') {
            k++;
        }
        return k < q ? k : -1;
    }

    /** @return the mask of a value, or null when it is a constant */
    private static String maskCore(String s, int p, int q) {
        boolean digit = false;
        int at = -1;
        int slashes = 0;
        int lastColon = -1;
        int lastDot = -1;
        for (int k = p; k < q; k++) {
            char c = s.charAt(k);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c == '@') {
                at = k;
            } else if (c == '/' || c == '\\') {
                slashes++;
            } else if (c == ':') {
                lastColon = k;
            } else if (c == '.') {
                lastDot = k;
            }
        }
        if (lastColon > p && slashes >= 2 && isUrl(s, p, q)) {
            return WILDCARD;
        }
        if (at > p && at < q - 1) {
            return WILDCARD; // e-mail or user@host
        }
        if (slashes > 0 && isPath(s, p, q, slashes, lastDot)) {
            return WILDCARD;
        }
        if (!digit) {
            return null;
        }
        if (lastColon > p && lastColon < q - 1 && isPort(s, lastColon + 1, q) && isHost(s, p, lastColon)) {
            return WILDCARD + ":" + WILDCARD;
        }
        return WILDCARD;
    }

    /**
     * A host name without digits ({@code ns.example.com}, {@code mail.cse.edu.hk}): lower-case labels
     * joined by dots, the last one of two or three letters as top-level domains are. A value like
     * an address, so masked; dotted names of code ({@code android.intent.action.MAIN},
     * {@code spark.executor.memory}) do not have that shape and stay.
     */
    private static boolean isHostName(String s, int a, int b) {
        int p = a;
        while (p < b && isOpening(s.charAt(p))) {
            p++;
        }
        int q = b;
        while (q > p && isTrailing(s.charAt(q - 1))) {
            q--;
        }
        int lastDot = -1;
        int labelStart = p;
        for (int k = p; k < q; k++) {
            char c = s.charAt(k);
            if (c == '.') {
                if (k - labelStart < 2) {
                    return false;
                }
                lastDot = k;
                labelStart = k + 1;
            } else if (!((c >= 'a' && c <= 'z') || c == '-')) {
                return false;
            }
        }
        int tld = q - lastDot - 1;
        return lastDot > p && tld >= 2 && tld <= 3;
    }

    private static String maskHostName(String s, int a, int b) {
        int p = a;
        while (p < b && isOpening(s.charAt(p))) {
            p++;
        }
        int q = b;
        while (q > p && isTrailing(s.charAt(q - 1))) {
            q--;
        }
        return s.substring(a, p) + WILDCARD + s.substring(q, b);
    }

    private static int lastIndexOf(String s, char c, int from, int to) {
        for (int k = to - 1; k >= from; k--) {
            if (s.charAt(k) == c) {
                return k;
            }
        }
        return -1;
    }

    private static int indexOf(String s, char c, int from, int to) {
        for (int k = from; k < to; k++) {
            if (s.charAt(k) == c) {
                return k;
            }
        }
        return -1;
    }

    private static boolean isUrl(String s, int p, int q) {
        int colon = indexOf(s, ':', p, q);
        return colon > p && colon + 2 < q && s.charAt(colon + 1) == '/' && s.charAt(colon + 2) == '/';
    }

    private static boolean isPath(String s, int p, int q, int slashes, int lastDot) {
        char c0 = s.charAt(p);
        if (c0 == '/' || c0 == '\\') {
            return q - p > 1 && s.charAt(p + 1) != c0; // "/x", not "/" or "//"
        }
        if (c0 == '~' || c0 == '.') {
            return q - p > 2 && (s.charAt(p + 1) == '/' || s.charAt(p + 1) == '.');
        }
        if (q - p > 2 && s.charAt(p + 1) == ':' && s.charAt(p + 2) == '\\') {
            return true; // C:\x
        }
        if (slashes >= 2) {
            return true;
        }
        // "dir/file.ext" is a path; "and/or", "TCP/IP", "application/json" are words
        int slash = Math.max(s.lastIndexOf('/', q - 1), s.lastIndexOf('\\', q - 1));
        return lastDot > slash && slash >= p && q - lastDot >= 2 && q - lastDot <= 6;
    }

    private static boolean isPort(String s, int from, int to) {
        if (to - from > 5) {
            return false;
        }
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHost(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (!(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isKey(String s, int from, int to) {
        boolean letter = false;
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (!isKeyChar(c)) {
                return false;
            }
            letter |= Character.isLetter(c);
        }
        return letter;
    }

    private static boolean isKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
    }

    // ------------------------------------------------------------------ context

    /** Masks unit words after a mask and calendar words next to one (right to left, so chains go). */
    private static void maskNeighbours(List<String> tokens) {
        for (int k = tokens.size() - 1; k >= 0; k--) {
            String t = tokens.get(k);
            if (t.length() > 9 || t.isEmpty() || hasWildcard(t)) {
                continue;
            }
            boolean afterMask = k > 0 && isMaskOnly(tokens.get(k - 1)) && !tokens.get(k - 1).endsWith(",");
            boolean beforeMask = k + 1 < tokens.size() && tokens.get(k + 1).startsWith(WILDCARD);
            String word = stripPunctuation(t);
            if (afterMask && contains(UNITS, word)) {
                tokens.set(k, WILDCARD + t.substring(word.length()));
            } else if ((afterMask || beforeMask) && contains(CALENDAR, word)) {
                tokens.set(k, WILDCARD + t.substring(word.length()));
            }
        }
    }

    private static String stripPunctuation(String t) {
        int q = t.length();
        while (q > 0 && isTrailing(t.charAt(q - 1))) {
            q--;
        }
        return t.substring(0, q);
    }

    private static boolean contains(String[] words, String w) {
        for (String x : words) {
            if (x.equals(w)) {
                return true;
            }
        }
        return false;
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\u000B';
    }

    private static boolean isOpening(char c) {
        return c == '(' || c == '[' || c == '{' || c == '<' || c == '"' || c == '\'' || c == '`';
    }

    private static boolean isTrailing(char c) {
        return c == ')' || c == ']' || c == '}' || c == '>' || c == ',' || c == ';' || c == ':' || c == '.'
                || c == '!' || c == '?' || c == '"' || c == '\'' || c == '`';
    }
}
