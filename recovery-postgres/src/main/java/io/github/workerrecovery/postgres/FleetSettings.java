package io.github.workerrecovery.postgres;

import io.github.workerrecovery.api.DurationText;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.Setting;
import io.github.workerrecovery.api.SettingType;
import io.github.workerrecovery.api.SettingsSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The settings of fleet mode ({@code plugins.postgres}): where the database is, how to log in,
 * which fleet this host belongs to and the lease times. Immutable and thread-safe.
 *
 * <p>The password never comes from the config file itself: it is read from the environment
 * variable named by {@code password_env} (default {@value #DEFAULT_PASSWORD_ENV}) or from the
 * file named by {@code password_file} (its first line). {@link #toString()} never shows it, and
 * {@link #maskedUrl()} hides a {@code password=} parameter someone put into the URL.
 *
 * @param url the JDBC URL ({@code jdbc:postgresql://host:port/database})
 * @param user the database user
 * @param password the password, empty for none (trust or peer authentication)
 * @param schema the schema holding the fleet's tables; made when missing
 * @param fleet the fleet's name: hosts of one fleet see each other
 * @param hostId this host's id, when set here; else the home's {@code data/host-id}
 * @param address how other hosts and people reach this host, when set; else the host name
 * @param connectTimeout how long one attempt to get a connection may take
 * @param retryInterval how long the outbox waits after a failed delivery before it tries again
 * @param batchSize journal records written per transaction
 * @param poolSize connections kept at most
 * @param lease how long a host's (and the leader's) lease lasts without renewal
 * @param renewInterval how often a lease is renewed, shorter than the lease
 * @param evidenceRefresh how often the engine reads the other hosts' evidence again; zero for
 *     only at start
 * @param historyRetention history records kept in the local JSON history
 * @param historyMaxAge the age past which the leader deletes the fleet's history, alerts, events,
 *     decisions, ended outages and settled placements; zero to keep everything
 */
public record FleetSettings(String url, String user, String password, String schema, String fleet,
                            Optional<String> hostId, Optional<String> address, Duration connectTimeout,
                            Duration retryInterval, int batchSize, int poolSize, Duration lease,
                            Duration renewInterval, Duration evidenceRefresh, int historyRetention,
                            Duration historyMaxAge) {

    /** The environment variable read for the URL when the section has no {@code url}. */
    public static final String URL_ENV = "RECOVERY_PG_URL";
    /** The environment variable read for the user when the section has no {@code user}. */
    public static final String USER_ENV = "RECOVERY_PG_USER";
    /** The default of {@code password_env}. */
    public static final String DEFAULT_PASSWORD_ENV = "RECOVERY_PG_PASSWORD";
    /** The URL used when neither the section nor the environment names one. */
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    /** The default of {@code history_max_age}: 90 days. */
    public static final Duration DEFAULT_HISTORY_MAX_AGE = Duration.ofDays(90);

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&]*");

    /** The keys of the {@code plugins.postgres} section. */
    public static final SettingsSpec SPEC = SettingsSpec.of(
            Setting.optional("url", SettingType.TEXT, "JDBC URL; default " + URL_ENV + ", else " + DEFAULT_URL),
            Setting.optional("user", SettingType.TEXT, "database user; default " + USER_ENV + ", else postgres"),
            Setting.text("password_env", DEFAULT_PASSWORD_ENV, "environment variable holding the password"),
            Setting.optional("password_file", SettingType.TEXT, "file whose first line is the password (wins over password_env)"),
            Setting.text("schema", "worker_recovery", "schema of the fleet's tables, made when missing"),
            Setting.text("fleet", "default", "the fleet's name"),
            Setting.optional("host_id", SettingType.TEXT, "this host's id; default the home's data/host-id"),
            Setting.optional("address", SettingType.TEXT, "how this host is reached; default its host name"),
            Setting.duration("connect_timeout", Duration.ofSeconds(2), "bounds one attempt to connect").atLeast(0.25),
            Setting.duration("retry_interval", Duration.ofSeconds(2), "wait after a failed delivery").atLeast(0.01),
            Setting.integer("batch_size", 500, "journal records per transaction").between(1, 10_000),
            Setting.integer("pool_size", 3, "connections at most").between(1, 50),
            Setting.duration("lease", Duration.ofSeconds(15), "a host's and the leader's lease").atLeast(0.5),
            Setting.optional("renew_interval", SettingType.DURATION, "how often leases are renewed; default lease / 3"),
            Setting.duration("evidence_refresh", Duration.ofSeconds(30), "how often the other hosts' evidence is read again; 0 for only at start"),
            Setting.integer("history_retention", 10_000, "records kept in the local JSON history").atLeast(1),
            Setting.duration("history_max_age", DEFAULT_HISTORY_MAX_AGE, "the leader deletes the fleet's records older"
                    + " than this; 0 keeps everything").atLeast(0));

    /** Checks what the spec cannot: identifiers, and the renewal being shorter than the lease. */
    public FleetSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(address, "address");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("plugins.postgres.url: must start with jdbc:postgresql: but was '"
                    + maskPassword(url) + "'");
        }
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("plugins.postgres.schema: must be lower case letters, digits and _"
                    + " (at most 63) but was '" + schema + "'");
        }
        if (fleet.isBlank()) {
            throw new IllegalArgumentException("plugins.postgres.fleet: must not be blank");
        }
        if (!historyMaxAge.isZero() && historyMaxAge.compareTo(Duration.ofDays(1)) < 0) {
            // an outage's decisions must outlive the outage (max_hold), or a new leader could take them again
            throw new IllegalArgumentException("plugins.postgres.history_max_age: must be 0 (keep everything) or at least"
                    + " 1 d but was " + DurationText.format(historyMaxAge));
        }
        if (renewInterval.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("plugins.postgres.renew_interval: must be shorter than the lease ("
                    + lease + ") but was " + renewInterval);
        }
    }

    /**
     * Reads a checked section.
     *
     * @param section the {@code plugins.postgres} section, checked against {@link #SPEC}
     * @param env the environment (the URL, user and password variables)
     * @return the settings
     * @throws IllegalArgumentException one line naming the key that is wrong
     * @throws IOException when {@code password_file} is set and cannot be read
     */
    public static FleetSettings from(PluginSettings section, Map<String, String> env) throws IOException {
        String url = section.string("url").orElseGet(() -> nonBlank(env.get(URL_ENV)).orElse(DEFAULT_URL));
        String user = section.string("user").orElseGet(() -> nonBlank(env.get(USER_ENV)).orElse("postgres"));
        String password;
        Optional<String> file = section.string("password_file");
        if (file.isPresent()) {
            Path path = Path.of(file.get());
            if (!Files.isReadable(path)) {
                throw new IllegalArgumentException("plugins.postgres.password_file: " + path + " is not a readable file");
            }
            String content = Files.readString(path, StandardCharsets.UTF_8);
            password = content.lines().findFirst().orElse("");
        } else {
            password = nonBlank(env.get(section.string("password_env", DEFAULT_PASSWORD_ENV))).orElse("");
        }
        Duration lease = section.duration("lease", Duration.ofSeconds(15));
        Duration renew = section.duration("renew_interval", lease.dividedBy(3));
        return new FleetSettings(url.trim(), user.trim(), password, section.string("schema", "worker_recovery"),
                section.string("fleet", "default"), section.string("host_id"), section.string("address"),
                section.duration("connect_timeout", Duration.ofSeconds(2)),
                section.duration("retry_interval", Duration.ofSeconds(2)), section.integer("batch_size", 500),
                section.integer("pool_size", 3), lease, renew, section.duration("evidence_refresh", Duration.ofSeconds(30)),
                section.integer("history_retention", 10_000),
                section.duration("history_max_age", DEFAULT_HISTORY_MAX_AGE));
    }

    /** @return the URL with any {@code password=} parameter masked, for logs and messages */
    public String maskedUrl() {
        return maskPassword(url);
    }

    /**
     * @param text any text that may quote the URL or the password (an exception's message)
     * @return the text with the password and any {@code password=} parameter masked
     */
    public String scrub(String text) {
        String out = text == null ? "" : maskPassword(text);
        return password.isEmpty() ? out : out.replace(password, "***");
    }

    private static String maskPassword(String text) {
        return PASSWORD_IN_URL.matcher(text).replaceAll("$1***");
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "FleetSettings[url=" + maskedUrl() + ", user=" + user + ", password=" + (password.isEmpty() ? "none" : "***")
                + ", schema=" + schema + ", fleet=" + fleet + ", lease=" + lease + ", renewInterval=" + renewInterval + "]";
    }
}
