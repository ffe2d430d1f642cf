package io.github.workerrecovery.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's database: a small HikariCP pool and the schema, migrated by Flyway on the first
 * connection that works (not when the pool is made: a database that is down at start must not
 * stop the host). Thread-safe.
 *
 * <p>Every wait is bounded: getting a connection by {@code connect_timeout}, a statement by a
 * socket timeout of ten times that (at least 10 s), so a database that hangs costs the calling
 * background thread a bounded wait and never the engine.
 */
public final class FleetDatabase implements AutoCloseable {

    /** Where the versioned migrations live on the class path. */
    static final String MIGRATIONS = "classpath:db/migration/fleet";
    /** Flyway's own table, named so that it cannot clash with an application's. */
    static final String SCHEMA_HISTORY_TABLE = "fleet_schema_history";

    private static final Logger LOG = LoggerFactory.getLogger(FleetDatabase.class);

    private final FleetSettings settings;
    private final HikariDataSource pool;
    private volatile boolean migrated;

    /**
     * Makes the pool; connects only when a connection is first asked for.
     *
     * @param settings where and how to connect
     */
    public FleetDatabase(FleetSettings settings) {
        this.settings = settings;
        HikariConfig config = new HikariConfig();
        config.setPoolName("fleet-pg");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        if (!settings.password().isEmpty()) {
            config.setPassword(settings.password());
        }
        config.setSchema(settings.schema());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(0);
        long connectMillis = settings.connectTimeout().toMillis();
        config.setConnectionTimeout(connectMillis);
        config.setValidationTimeout(Math.max(250, connectMillis / 2));
        // a pool made while the database is down is fine: the first borrow connects
        config.setInitializationFailTimeout(-1);
        long socketSeconds = Math.max(10, settings.connectTimeout().multipliedBy(10).toSeconds());
        config.addDataSourceProperty("connectTimeout", Math.max(1, settings.connectTimeout().toSeconds()));
        config.addDataSourceProperty("loginTimeout", Math.max(1, settings.connectTimeout().toSeconds()));
        config.addDataSourceProperty("socketTimeout", socketSeconds);
        config.addDataSourceProperty("ApplicationName", "worker-recovery");
        // A host paused in the middle of a transaction (GC, SIGSTOP) would hold its row locks for
        // as long as it is paused, and a leader take-over would wait on them: the server ends such
        // a transaction after half a lease, so the locks go with it.
        long idleMillis = Math.max(500, settings.lease().toMillis() / 2);
        config.setConnectionInitSql("SET idle_in_transaction_session_timeout = " + idleMillis);
        this.pool = new HikariDataSource(config);
    }

    /** @return the settings this database was made with */
    public FleetSettings settings() {
        return settings;
    }

    /**
     * Borrows a connection (auto-commit on), migrating the schema first if this process has not
     * yet done so. The caller closes it.
     *
     * @return a connection whose search path is the fleet's schema
     * @throws SQLException when no connection can be had within {@code connect_timeout}, or the
     *     migration fails; the message never holds the password
     */
    public Connection connection() throws SQLException {
        if (!migrated) {
            migrate();
        }
        return pool.getConnection();
    }

    private synchronized void migrate() throws SQLException {
        if (migrated) {
            return;
        }
        // a connection first: Flyway's own retries would otherwise wait far longer than ours
        try (Connection probe = pool.getConnection()) {
            probe.isValid(1);
        }
        try {
            // Flyway's own connections, not the pool's: it holds two at once (its lock and the
            // migration), more than a pool of one or two has while the shipper holds another
            var result = Flyway.configure(FleetDatabase.class.getClassLoader())
                    .dataSource(settings.url(), settings.user(), settings.password())
                    .connectRetries(0)
                    .schemas(settings.schema())
                    .createSchemas(true)
                    .table(SCHEMA_HISTORY_TABLE)
                    .locations(MIGRATIONS)
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("fleet schema '{}' at {} migrated to version {} ({} migration(s) applied)", settings.schema(),
                        settings.maskedUrl(), result.targetSchemaVersion, result.migrationsExecuted);
            } else {
                LOG.debug("fleet schema '{}' at {} is up to date", settings.schema(), settings.maskedUrl());
            }
        } catch (RuntimeException e) {
            // Flyway wraps what went wrong in its own exceptions; the caller deals in SQLExceptions
            throw new SQLException("cannot migrate the fleet schema '" + settings.schema() + "': "
                    + settings.scrub(String.valueOf(e.getMessage())), e);
        }
        migrated = true;
    }

    /** Closes the pool; connections in use are closed as they are returned. */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "FleetDatabase[" + settings.maskedUrl() + ", schema " + settings.schema() + "]";
    }
}
