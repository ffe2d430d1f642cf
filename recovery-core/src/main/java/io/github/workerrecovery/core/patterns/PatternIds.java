package io.github.workerrecovery.core.patterns;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stable pattern ids: the first {@value #HEX_DIGITS} hex digits of the SHA-256 of the template
 * (and code location) a pattern started with. The same first message gives the same id on every
 * host and after every restart; a pattern keeps its id when its template is generalised later.
 * Only computed when a pattern is created, so the digest's cost does not matter.
 */
final class PatternIds {

    /** Length of an id: 32 bits, short enough to read and type; collisions are resolved by the miner. */
    static final int HEX_DIGITS = 8;

    private PatternIds() {
    }

    /**
     * @param template the first template
     * @param location the code location, empty for a single line
     * @param attempt 0, or how many ids were already taken by other patterns (a collision)
     * @return the id
     */
    static String of(String template, String location, int attempt) {
        String text = location + '\n' + template + (attempt == 0 ? "" : "\n" + attempt);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, HEX_DIGITS / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must support SHA-256", e);
        }
    }
}
