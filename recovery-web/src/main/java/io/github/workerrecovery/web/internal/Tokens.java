package io.github.workerrecovery.web.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The tokens a client may present, as a bearer token or once on the login page: the write token
 * (the daemon's or a configured one) grants everything, the optional read token only reads.
 * Compared in constant time: an answer's timing must not tell how much of a guess was right.
 */
public final class Tokens {

    /** What a presented token allows. */
    public enum Grant {
        /** Nothing: not a token of this server. */
        NONE,
        /** Reads only. */
        READ,
        /** Reads and writes. */
        WRITE
    }

    private final byte[] write;
    private final byte[] read;

    /**
     * @param write the token that allows writes
     * @param read the token that allows reads only, or null for none
     */
    public Tokens(String write, String read) {
        this.write = write.getBytes(StandardCharsets.US_ASCII);
        this.read = read == null ? null : read.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @param presented a token from a client
     * @return what it allows
     */
    public Grant grant(String presented) {
        byte[] bytes = presented.strip().getBytes(StandardCharsets.US_ASCII);
        if (MessageDigest.isEqual(write, bytes)) {
            return Grant.WRITE;
        }
        if (read != null && MessageDigest.isEqual(read, bytes)) {
            return Grant.READ;
        }
        return Grant.NONE;
    }
}
