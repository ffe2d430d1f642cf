package io.github.workerrecovery.core.store;

import io.github.workerrecovery.api.StrategyStats;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The id of this host's evidence: what {@link StrategyStats#LOCAL_ORIGIN local} statistics are
 * called once they leave the host in an export, and how an import recognises (and skips) this
 * host's own evidence coming back.
 *
 * <p>Kept in {@value #FILE} under the home: made once, {@code host-} and 12 random hex digits,
 * and written atomically; read back on every later use so the id never changes by itself. A
 * file that does not hold a valid id is set aside like a corrupt store file
 * ({@code host-id.corrupt-<timestamp>}) with a WARN log, and a new id is made.
 *
 * <p>The {@code host_id} config key overrides the file; the override is then written to the
 * file, so that every reader of the home (the daemon, and a command given only {@code --home})
 * uses the same id, and the id stays when the key is later removed (evidence already exported
 * under it keeps being recognised as this host's own).
 *
 * <p>Stateless; two processes making the id at the same instant both end up with the one the
 * last rename left on disk, because the file is read back after writing.
 */
public final class HostIdentity {

    /** The file, relative to the home. */
    public static final String FILE = "data/host-id";

    /** What a valid id looks like: 1 to 64 letters, digits, {@code .}, {@code _} or {@code -}. */
    public static final String RULE = "1-64 letters, digits, '.', '_' or '-'";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String PREFIX = "host-";
    private static final int RANDOM_HEX_DIGITS = 12;
    private static final Logger LOG = LoggerFactory.getLogger(HostIdentity.class);

    private HostIdentity() {
    }

    /**
     * @param id a candidate host id
     * @return what is wrong with it, or empty when it is a valid host id
     */
    public static Optional<String> problem(String id) {
        Objects.requireNonNull(id, "id");
        if (!VALID.matcher(id).matches()) {
            return Optional.of("must be " + RULE + " but was '" + printable(id) + "'");
        }
        if (id.toLowerCase(Locale.ROOT).equals(StrategyStats.LOCAL_ORIGIN)) {
            return Optional.of("'" + id + "' is reserved for this host's own evidence");
        }
        return Optional.empty();
    }

    /**
     * The host id of a home: the override when given (recorded in {@value #FILE} when the file
     * holds another), else the file's, else a new one, written to the file.
     *
     * @param home the engine's home
     * @param override the {@code host_id} config value, if set
     * @param time stamps the name of a damaged file set aside
     * @return the id
     * @throws IllegalArgumentException when the override is not a valid host id
     * @throws IOException when the file cannot be read, set aside or written
     */
    public static String resolve(Path home, Optional<String> override, TimeSource time) throws IOException {
        override.ifPresent(id -> problem(id).ifPresent(p -> {
            throw new IllegalArgumentException("host_id: " + p);
        }));
        Path file = home.resolve(FILE);
        Optional<String> stored = read(file, time);
        if (override.isPresent()) {
            String id = override.get();
            if (!stored.equals(override)) {
                write(file, id);
                LOG.info("host id '{}' (from host_id) recorded in {}{}", id, file,
                        stored.map(old -> ", replacing '" + old + "'").orElse(""));
            }
            return id;
        }
        if (stored.isPresent()) {
            return stored.get();
        }
        String made = PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, RANDOM_HEX_DIGITS);
        write(file, made);
        // Read back: another process making one at the same moment may have renamed its file last.
        return read(file, time).orElse(made);
    }

    /** @return the valid id in the file; empty when absent, or when damaged (then set aside) */
    private static Optional<String> read(Path file, TimeSource time) throws IOException {
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (CharacterCodingException e) {
            content = null;
        }
        // one line, as written; a trailing newline added by hand is forgiven
        String id = content == null ? "" : content.strip();
        Optional<String> problem = content == null ? Optional.of("not UTF-8 text") : problem(id);
        if (problem.isEmpty()) {
            return Optional.of(id);
        }
        Path aside = AtomicFiles.moveAside(file, time.now());
        LOG.warn("{} does not hold a valid host id ({}); moved it to {} and making a new one", file, problem.get(),
                aside);
        return Optional.empty();
    }

    private static void write(Path file, String id) throws IOException {
        AtomicFiles.write(file, (id + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String printable(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
