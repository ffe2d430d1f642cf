package io.github.workerrecovery.core.patterns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fixed-depth parse tree in the style of the Drain log parser: the first level is a group
 * (the token count, and for a multi-line error also its type and code location), the next
 * {@value #DEPTH} levels are the leading tokens (a masked token goes to the {@code <*>} branch,
 * and so does any token once a node has {@value #MAX_CHILDREN} branches), and a leaf holds the
 * patterns to compare a message with. A message joins the most similar pattern of its leaf when
 * at least {@value #SIMILARITY} of its tokens equal the pattern's (a masked value equals a
 * masked value); the positions that differ become {@code <*>} in the pattern.
 *
 * <p>One guard keeps templates that differ in a word apart: two different plain words at the
 * same position never merge when one is a word that templates are made of (a preposition,
 * a negation, a common verb or state such as {@code to}, {@code not}, {@code open},
 * {@code closed}, {@code hit}), when both end in {@code -ed} or both in {@code -ing}, or when
 * both are upper-case constants, bare or qualified alike ({@code NEW}, {@code RUNNING},
 * {@code State.RUNNING}: states and enum names are part of a template, as log-parsing benchmarks
 * label them). Names, hosts, users and other values
 * without digits still merge by similarity. Not thread-safe.
 */
final class PatternTree {

    /** Leading tokens used for routing. */
    static final int DEPTH = 1;

    /** Branches per node before further tokens share the {@code <*>} branch. */
    static final int MAX_CHILDREN = 100;

    /** Share of equal tokens for a message to join a pattern. */
    static final double SIMILARITY = 0.5;

    private static final Set<String> TEMPLATE_WORDS = Set.of(
            "a", "an", "the", "to", "from", "in", "into", "out", "on", "off", "of", "for", "with", "without", "by", "at",
            "as", "after", "before", "during", "while", "until", "since", "via", "over", "under", "up", "down", "and",
            "or", "but", "if", "then", "than", "not", "no", "never", "none", "all", "any", "some", "is", "are", "was",
            "were", "be", "been", "has", "have", "had", "can", "cannot", "could", "will", "would", "should", "may",
            "must", "yes", "true", "false", "null", "ok", "too", "many", "few", "more", "less", "new", "old", "first",
            "last", "next", "open", "close", "read", "write", "get", "put", "set", "add", "remove", "delete", "create",
            "update", "insert", "select", "load", "save", "store", "send", "receive", "start", "stop", "begin", "end",
            "run", "exit", "kill", "connect", "disconnect", "bind", "listen", "accept", "reject", "allow", "deny",
            "enable", "disable", "parse", "resolve", "find", "fetch", "push", "pull", "commit", "rollback", "flush",
            "sync", "lock", "unlock", "acquire", "release", "register", "unregister", "subscribe", "unsubscribe",
            "publish", "consume", "process", "handle", "execute", "invoke", "call", "retry", "restart", "reload",
            "refresh", "reset", "shutdown", "init", "initialize", "validate", "verify", "authenticate", "authorize",
            "encode", "decode", "serialize", "deserialize", "compress", "decompress", "encrypt", "decrypt", "mount",
            "unmount", "attach", "detach", "allocate", "free", "copy", "move", "rename", "upload", "download",
            "import", "export", "schedule", "cancel", "abort", "pause", "resume", "hit", "miss", "full", "empty",
            "error", "warning", "failure", "success", "timeout", "valid", "invalid", "missing", "unknown", "found",
            "busy", "idle", "ready", "alive", "dead", "online", "offline", "high", "low", "slow", "fast", "local",
            "remote", "active", "inactive", "enabled", "disabled", "expired", "denied", "refused", "rejected",
            "accepted", "locked", "unlocked", "blocked", "allowed", "closed", "opened", "started", "stopped", "failed",
            "succeeded", "completed", "aborted", "cancelled", "canceled", "lost", "corrupt", "corrupted",
            "unavailable", "available", "exceeded", "unreachable", "reachable", "healthy", "unhealthy");

    private final Map<Object, Node> roots = new HashMap<>();

    /** A node of the tree; a leaf holds patterns. */
    static final class Node {
        final Node parent;
        final Object key;
        final Map<Object, Node> children = new HashMap<>(4);
        final List<Cluster> clusters = new ArrayList<>(2);

        Node(Node parent, Object key) {
            this.parent = parent;
            this.key = key;
        }
    }

    /**
     * @param group the first-level key
     * @param tokens the message's tokens
     * @param create whether to add missing branches (learning) or only follow existing ones
     * @return the leaf; null when not creating and no branch leads there
     */
    Node leaf(Object group, String[] tokens, boolean create) {
        Node node = roots.get(group);
        if (node == null) {
            if (!create) {
                return null;
            }
            node = new Node(null, group);
            roots.put(group, node);
        }
        int depth = Math.min(DEPTH, tokens.length);
        for (int d = 0; d < depth; d++) {
            String key = MessageMasker.hasWildcard(tokens[d]) ? MessageMasker.WILDCARD : tokens[d];
            Node child = node.children.get(key);
            if (child == null) {
                if (!key.equals(MessageMasker.WILDCARD) && (!create || node.children.size() >= MAX_CHILDREN)) {
                    key = MessageMasker.WILDCARD;
                    child = node.children.get(key);
                }
                if (child == null) {
                    if (!create) {
                        return null;
                    }
                    child = new Node(node, key);
                    node.children.put(key, child);
                }
            }
            node = child;
        }
        return node;
    }

    /**
     * @param leaf a leaf
     * @param tokens a message's tokens, as many as the leaf's patterns have
     * @param exact whether every token must match (a pattern's {@code <*>} matches anything)
     * @return the most similar pattern the message may join, or null
     */
    static Cluster best(Node leaf, String[] tokens, boolean exact) {
        Cluster best = null;
        double bestSimilarity = -1;
        int bestWildcards = -1;
        for (Cluster c : leaf.clusters) {
            String[] t = c.tokens;
            int same = 0;
            int wildcards = 0;
            boolean differs = false;
            for (int i = 0; i < t.length; i++) {
                String a = t[i];
                if (a.equals(tokens[i])) {
                    same++;
                } else if (matchesWildcard(a, tokens[i])) {
                    wildcards++;
                } else if (exact) {
                    differs = true;
                    break;
                }
            }
            double similarity = t.length == 0 ? 1.0 : (double) same / t.length;
            if (differs || (!exact && similarity < SIMILARITY)
                    || similarity < bestSimilarity || (similarity == bestSimilarity && wildcards <= bestWildcards)) {
                continue;
            }
            // the guard costs more than counting, so only a pattern that would win is checked
            if (!exact && vetoed(t, tokens)) {
                continue;
            }
            best = c;
            bestSimilarity = similarity;
            bestWildcards = wildcards;
        }
        return best;
    }

    private static boolean vetoed(String[] t, String[] tokens) {
        for (int i = 0; i < t.length; i++) {
            String a = t[i];
            String b = tokens[i];
            if (!a.equals(b) && !matchesWildcard(a, b)
                    && (differentTemplateWords(a, b) || differentLabels(a, b, t, tokens, i))) {
                return true;
            }
        }
        return false;
    }

    /** Makes the positions where the message differs {@code <*>}, keeping a shared {@code key=}. */
    static void merge(Cluster c, String[] tokens) {
        String[] t = c.tokens;
        for (int i = 0; i < t.length; i++) {
            String a = t[i];
            String b = tokens[i];
            if (!a.equals(b) && !matchesWildcard(a, b)) {
                c.generalise(i, generalised(a, b));
            }
        }
    }

    static void add(Node leaf, Cluster c) {
        leaf.clusters.add(c);
        c.leaf = leaf;
    }

    /** Takes a pattern out of its leaf and drops the branches left empty. */
    void remove(Cluster c) {
        Node node = c.leaf;
        node.clusters.remove(c);
        c.leaf = null;
        while (node != null && node.clusters.isEmpty() && node.children.isEmpty()) {
            if (node.parent == null) {
                roots.remove(node.key);
            } else {
                node.parent.children.remove(node.key);
            }
            node = node.parent;
        }
    }

    private static boolean matchesWildcard(String template, String token) {
        if (MessageMasker.isWildcard(template)) {
            return true;
        }
        int w = template.length() - MessageMasker.WILDCARD.length();
        if (w > 0 && template.endsWith(MessageMasker.WILDCARD)) {
            char sep = template.charAt(w - 1);
            return (sep == '=' || sep == ':') && token.length() > w && token.regionMatches(0, template, 0, w);
        }
        return false;
    }

    private static String generalised(String a, String b) {
        int eq = a.indexOf('=');
        if (eq > 0 && eq < a.length() - 1 && b.length() > eq + 1 && b.regionMatches(0, a, 0, eq + 1)) {
            return a.substring(0, eq + 1) + MessageMasker.WILDCARD;
        }
        return MessageMasker.WILDCARD;
    }

    /** The guard of the class description: two plain words that a template, not a value, would hold. */
    static boolean differentTemplateWords(String a, String b) {
        if ((isUpperCaseWord(a) && isUpperCaseWord(b)) || differentQualifiedConstants(a, b)
                || differentKeys(a, b) || isCodeName(a) && isCodeName(b)) {
            return true;
        }
        String x = plainWord(a);
        String y = plainWord(b);
        if (x == null || y == null) {
            return false;
        }
        if (TEMPLATE_WORDS.contains(x) || TEMPLATE_WORDS.contains(y)) {
            return true;
        }
        return (x.endsWith("ed") && y.endsWith("ed")) || (x.endsWith("ing") && y.endsWith("ing"))
                || (x.endsWith("tion") && y.endsWith("tion"));
    }

    /**
     * Two {@code key=value} or {@code key:value} tokens with different keys are two templates
     * ({@code ret:false} and {@code overlap:false}, {@code (uid=0)} and {@code LOGIN(uid=0)}), and so
     * are two with the same key whose values are template words ({@code ret:false} and
     * {@code ret:true}). A key holding a mask ({@code <*>:<*>}) is a value, not a key.
     */
    private static boolean differentKeys(String a, String b) {
        int ka = keyEnd(a);
        int kb = keyEnd(b);
        if (ka < 0 || kb < 0) {
            return false;
        }
        if (ka != kb || !a.regionMatches(0, b, 0, ka + 1)) {
            return true;
        }
        String x = a.substring(ka + 1);
        String y = b.substring(kb + 1);
        return x.isEmpty() != y.isEmpty() || differentTemplateWords(x, y); // an absent value is another case
    }

    /** @return the index of the {@code =} or {@code :} after a key of letters, digits and {@code _-.()}, or -1 */
    private static int keyEnd(String token) {
        int n = token.length();
        boolean letter = false;
        for (int i = 0; i < n; i++) {
            char c = token.charAt(i);
            if ((c == '=' || (c == ':' && i < n - 1)) && letter) {
                return i;
            }
            if (Character.isLetter(c)) {
                letter = true;
            } else if (!(Character.isDigit(c) || c == '_' || c == '-' || c == '.' || c == '(' || c == '[')) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Two labels name what follows, so they are a template's words, not values: a label with dot
     * leaders ({@code instruction......<*>}), and two words ending in {@code :} that are each
     * followed by a value ({@code memory: <*>} and {@code disk: <*>}; but {@code host saturn: timed out}
     * and {@code host venus: timed out} differ in a value that a colon ends).
     */
    private static boolean differentLabels(String a, String b, String[] t, String[] tokens, int i) {
        if (isLeader(a) || isLeader(b)) {
            return true;
        }
        if (a.length() < 3 || b.length() < 3 || a.charAt(a.length() - 1) != ':' || b.charAt(b.length() - 1) != ':'
                || i + 1 >= t.length || !MessageMasker.isMaskOnly(t[i + 1]) || !MessageMasker.isMaskOnly(tokens[i + 1])) {
            return false;
        }
        return plainWord(a.substring(0, a.length() - 1)) != null && plainWord(b.substring(0, b.length() - 1)) != null;
    }

    private static boolean isLeader(String token) {
        return token.endsWith(MessageMasker.WILDCARD) && MessageMasker.dotLeaderEnd(token, 0, token.length()) > 0;
    }

    /**
     * An identifier in camel or Pascal case ({@code brightnessIn}, {@code getTopPadding},
     * {@code WindowsUpdateAgent}) or an upper-case acronym ({@code SPP}) is a name from code: a
     * method, field, class or component of the program that logs, so two of them are two templates.
     */
    private static boolean isCodeName(String token) {
        int end = token.length();
        while (end > 0 && ",.;:!?)".indexOf(token.charAt(end - 1)) >= 0) {
            end--;
        }
        if (end < 2) {
            return false;
        }
        int upper = 0;
        int lower = 0;
        for (int i = 0; i < end; i++) {
            char c = token.charAt(i);
            if (!Character.isLetter(c)) {
                return false;
            }
            if (Character.isUpperCase(c)) {
                upper++;
            } else {
                lower++;
            }
        }
        boolean camel = Character.isLowerCase(token.charAt(0)) && upper > 0;
        boolean pascal = Character.isUpperCase(token.charAt(0)) && upper > 1 && lower > 0;
        return camel || pascal || lower == 0;
    }

    /**
     * A qualified constant is a constant too: {@code State.RUNNING} and {@code State.STOPPED},
     * {@code org.acme.Event.ORDER_PLACED} and {@code org.acme.Event.ORDER_PAID} share their qualifier
     * and differ in an upper-case last segment, so they are two templates, as the bare constants are.
     */
    private static boolean differentQualifiedConstants(String a, String b) {
        int sep = qualifierEnd(a);
        return sep > 0 && sep == qualifierEnd(b) && a.regionMatches(0, b, 0, sep + 1)
                && isUpperCaseWord(a.substring(sep + 1)) && isUpperCaseWord(b.substring(sep + 1));
    }

    /** @return the index of the last {@code .}, {@code :}, {@code $} or {@code #} before trailing punctuation, or -1 */
    private static int qualifierEnd(String token) {
        int end = token.length();
        while (end > 0 && ",.;:!?)".indexOf(token.charAt(end - 1)) >= 0) {
            end--;
        }
        for (int i = end - 1; i > 0; i--) {
            char c = token.charAt(i);
            if (c == '.' || c == ':' || c == '$' || c == '#') {
                return i;
            }
        }
        return -1;
    }

    /**
     * @return whether the token is an upper-case constant such as {@code RUNNING}, {@code JOB_SETUP}
     *     or, with a version, {@code SOCKS5}
     */
    private static boolean isUpperCaseWord(String token) {
        int end = token.length();
        while (end > 0 && ",.;:!?)".indexOf(token.charAt(end - 1)) >= 0) {
            end--;
        }
        while (end > 2 && token.charAt(end - 1) >= '0' && token.charAt(end - 1) <= '9') {
            end--;
        }
        if (end < 2) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = token.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c == '_' && i > 0))) {
                return false;
            }
        }
        return true;
    }

    /** @return the lower-case letters of a word (trailing punctuation dropped), or null if it is not one */
    private static String plainWord(String token) {
        int end = token.length();
        while (end > 0 && ",.;:!?)".indexOf(token.charAt(end - 1)) >= 0) {
            end--;
        }
        if (end == 0) {
            return null;
        }
        for (int i = 0; i < end; i++) {
            char c = token.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (i == 0 && c >= 'A' && c <= 'Z');
            if (!letter) {
                return null;
            }
        }
        return token.substring(0, end).toLowerCase(java.util.Locale.ROOT);
    }
}
