package io.github.workerrecovery.cli;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL cluster of the test's own, so that stopping it stops no other test's database:
 * {@code initdb} into a new directory and {@code pg_ctl start} on a free port of 127.0.0.1, with
 * the server binaries of this machine ({@code /usr/lib/postgresql/<newest>/bin}). The server
 * refuses to run as root, so as root every step runs as the {@code postgres} user
 * ({@code runuser -u postgres --}), which then owns the directory; the directory is under
 * {@code /tmp} because the tests' own temporary directories are private to root. Local
 * connections are trusted (role {@code postgres}, any password).
 *
 * <p>Without the binaries the test is skipped, or fails when {@code RECOVERY_POSTGRES_REQUIRED=true}.
 */
final class PrivatePostgres implements AutoCloseable {

    private static final Path VERSIONS = Path.of("/usr/lib/postgresql");
    private static final long STEP_SECONDS = 120;
    /** Where util-linux puts it; a developer's PATH often lacks the sbin directories. */
    private static final List<Path> RUNUSER = List.of(Path.of("/usr/sbin/runuser"), Path.of("/sbin/runuser"));

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;

    /** Makes the cluster and starts it. */
    static PrivatePostgres start() throws Exception {
        Optional<Path> bin = binaries();
        if (bin.isEmpty()) {
            String why = "no PostgreSQL server binaries under " + VERSIONS + "/<version>/bin";
            if (FleetTestDatabase.required()) {
                throw new IllegalStateException(FleetTestDatabase.REQUIRED_ENV + "=true but " + why);
            }
            Assumptions.abort("private PostgreSQL test SKIPPED: " + why);
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "fleet-e2e-pg-");
        if (root) {
            UserPrincipal postgres;
            try {
                postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
                Files.delete(dir);
                throw new IllegalStateException("the test runs as root and PostgreSQL refuses root, but there is no"
                        + " postgres user to run it as", e);
            }
            Files.setOwner(dir, postgres);
        }
        PrivatePostgres pg = new PrivatePostgres(bin.get(), dir, freePort(), root);
        pg.run("initdb", "-D", pg.data(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync");
        pg.startServer();
        return pg;
    }

    private PrivatePostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** @return the JDBC URL of its {@code postgres} database */
    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** @return a database of the fleet tests on it, in a new schema */
    FleetTestDatabase database() {
        return new FleetTestDatabase(url(), "postgres", "unused-trust-auth", FleetTestDatabase.newSchema());
    }

    /** Starts the server (again) and returns once it accepts connections. */
    void startServer() throws Exception {
        run("pg_ctl", "-D", data(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start");
    }

    /** Stops the server ({@code pg_ctl stop -m fast}: sessions cut, a clean shutdown) and returns once it is down. */
    void stopServer() throws Exception {
        run("pg_ctl", "-D", data(), "-m", "fast", "-w", "-t", "60", "stop");
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void run(String tool, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of(RUNUSER.stream().filter(Files::isExecutable).findFirst()
                    .orElseThrow(() -> new IllegalStateException("PostgreSQL refuses root and no runuser is installed ("
                            + RUNUSER + ")")).toString(), "-u", "postgres", "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("fleet-e2e-pg-", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).directory(dir.toFile()).start();
            if (!p.waitFor(STEP_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(tool + " did not finish within " + STEP_SECONDS + " s: " + Files.readString(out));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(tool + " exited with " + p.exitValue() + ": " + Files.readString(out));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Stops the server if it runs and deletes the cluster. */
    @Override
    public void close() throws Exception {
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                stopServer();
            }
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Optional<Path> binaries() throws IOException {
        if (!Files.isDirectory(VERSIONS)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(VERSIONS)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb"))
                            && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(PrivatePostgres::version));
        }
    }

    private static int version(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
