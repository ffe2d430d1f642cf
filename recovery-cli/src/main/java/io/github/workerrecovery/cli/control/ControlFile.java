package io.github.workerrecovery.cli.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.core.io.AtomicFiles;
import io.github.workerrecovery.json.RecoveryJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How commands find a running daemon: {@code data/control.json} under its home holds the pid,
 * the loopback port of its control API and the bearer token every request must carry.
 *
 * <p>The daemon writes the file atomically with permissions {@code 0600} (owner only) once it
 * is ready and deletes it when it stops; whoever can read it can control the daemon, which is
 * why {@link #toString()} never shows the token.
 *
 * @param pid the daemon's process id
 * @param port the control API's port on 127.0.0.1
 * @param token the bearer token, 64 hex digits
 * @param webUrl the address of the dashboard and HTTP API ({@code recovery-web}), empty when the
 *     daemon serves none
 */
public record ControlFile(long pid, int port, String token, Optional<String> webUrl) {

    /** Checks the parts. */
    public ControlFile {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(webUrl, "webUrl");
    }

    /**
     * A daemon without a dashboard.
     *
     * @param pid the daemon's process id
     * @param port the control API's port on 127.0.0.1
     * @param token the bearer token
     */
    public ControlFile(long pid, int port, String token) {
        this(pid, port, token, Optional.empty());
    }

    /** The file, relative to the home. */
    public static final String FILE = "data/control.json";

    /** The address the control API listens on: loopback only. */
    public static final String HOST = "127.0.0.1";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /**
     * @param home a daemon's home
     * @return where its control file is
     */
    public static Path path(Path home) {
        return home.resolve(FILE);
    }

    /**
     * The file's form: {@code {"pid": 4242, "host": "127.0.0.1", "port": 41234, "token": "...",
     * "web_url": "http://127.0.0.1:41235/"}}; a member missing when read is {@code null}
     * ({@code web_url} is left out when the daemon serves no dashboard).
     *
     * @param pid the daemon's process id
     * @param host the control API's address
     * @param port the control API's port
     * @param token the bearer token
     * @param webUrl the dashboard's address, or null
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Stored(Long pid, String host, Integer port, String token, String webUrl) {

        /** @return without the token, like {@link ControlFile#toString()} */
        @Override
        public String toString() {
            return "Stored[pid=" + pid + ", host=" + host + ", port=" + port + ", token=(hidden), webUrl=" + webUrl + "]";
        }
    }

    /**
     * Writes the file under {@code home} atomically, readable and writable by the owner only.
     *
     * @param home the daemon's home
     * @throws IOException when it cannot be written
     */
    public void write(Path home) throws IOException {
        byte[] json = RecoveryJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(new Stored(pid, HOST, port, token,
                webUrl.orElse(null)));
        AtomicFiles.write(path(home), json, OWNER_ONLY);
    }

    /**
     * @param home a daemon's home
     * @return the control file, empty when there is none
     * @throws IOException when it exists but cannot be read or is not a control file
     */
    public static Optional<ControlFile> read(Path home) throws IOException {
        Path file = path(home);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        JsonNode node = parse(file, bytes);
        Stored stored;
        try {
            stored = node.isObject() ? RecoveryJson.bind(node, Stored.class) : null;
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a control file (" + e.getMessage() + ")", e);
        }
        if (stored == null || stored.pid() == null || stored.port() == null || stored.token() == null) {
            throw new IOException(file + " is not a control file (needs pid, port and token)");
        }
        return Optional.of(new ControlFile(stored.pid(), stored.port(), stored.token(),
                Optional.ofNullable(stored.webUrl())));
    }

    private static JsonNode parse(Path file, byte[] bytes) throws IOException {
        try {
            return RecoveryJson.parse(bytes, true);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the control file of a home, if any.
     *
     * @param home the daemon's home
     * @throws IOException when it exists and cannot be deleted
     */
    public static void delete(Path home) throws IOException {
        Files.deleteIfExists(path(home));
    }

    /** @return the pid and port; the token is left out so that it never reaches a log */
    @Override
    public String toString() {
        return "ControlFile[pid=" + pid + ", port=" + port + ", token=(hidden)"
                + webUrl.map(u -> ", webUrl=" + u).orElse("") + "]";
    }
}
