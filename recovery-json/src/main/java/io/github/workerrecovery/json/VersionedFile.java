package io.github.workerrecovery.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The envelope shared by the store's files and the export file, {@code {"format"?: "...",
 * "version": N, ...}}, read first and leniently: a file that is not ours (another program's JSON,
 * a newer version) must be reported as that, not as a member of the wrong type. So the two members
 * are bound as whatever JSON they hold.
 *
 * @param format the {@code format} member, any JSON value, or {@code null}
 * @param version the {@code version} member, any JSON value, or {@code null}
 */
record VersionedFile(Object format, Object version) {

    /**
     * Parses a whole file and checks that it is a JSON object.
     *
     * @throws IllegalArgumentException {@code the file is empty}, {@code the top level is not a JSON
     *     object}, or the syntax error with its line and column
     */
    static JsonNode parseObject(byte[] bytes) {
        JsonNode root = RecoveryJson.parse(bytes, true);
        if (root.isMissingNode()) {
            throw new IllegalArgumentException("the file is empty");
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("the top level is not a JSON object");
        }
        return root;
    }

    /**
     * Parses a whole file and checks its version.
     *
     * @param bytes the file's content
     * @param version the one version understood
     * @param suffix appended to the version problem, e.g. what this build reads; may be empty
     * @return the parsed file, for binding
     * @throws IllegalArgumentException {@code 'version' must be N but was X}, or what
     *     {@link #parseObject} throws
     */
    static JsonNode parse(byte[] bytes, int version, String suffix) {
        JsonNode root = parseObject(bytes);
        RecoveryJson.bind(root, VersionedFile.class).requireVersion(version, suffix);
        return root;
    }

    /** @throws IllegalArgumentException unless {@code format} is this text */
    void requireFormat(String expected, String suffix) {
        if (!expected.equals(format)) {
            throw new IllegalArgumentException("'format' must be " + RecoveryJson.toLine(expected) + " but was "
                    + RecoveryJson.toLine(format) + suffix);
        }
    }

    /** @throws IllegalArgumentException unless {@code version} is this whole number */
    void requireVersion(int expected, String suffix) {
        boolean whole = version instanceof Integer || version instanceof Long;
        if (!whole || ((Number) version).longValue() != expected) {
            throw new IllegalArgumentException("'version' must be " + expected + " but was "
                    + RecoveryJson.toLine(version) + suffix);
        }
    }
}
