package io.github.workerrecovery.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config file's {@code fleet:} section selects this store with those settings, checked like any section. */
class FleetConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void aFleetSectionIsThePostgresStoreWithItsSettingsAndTheFleetsName() {
        RecoveryConfig config = RecoveryConfig.parse("""
                fleet:
                  url: jdbc:postgresql://db.internal:5432/fleet
                  password_file: /etc/worker-recovery/pg-password
                  name: payments
                  lease: 20s
                """, dir).build();

        assertThat(config.plugins().store()).isEqualTo(PostgresStrategyStore.NAME);
        assertThat(config.plugins().settings("postgres").path()).isEqualTo("fleet");
        assertThat(config.plugins().settings("postgres").string("fleet")).contains("payments");
        assertThat(config.plugins().settings("postgres").string("url")).contains("jdbc:postgresql://db.internal:5432/fleet");
    }

    @Test
    void aMistakeInTheFleetSectionIsNamedByItsPathInTheFile() {
        assertThatThrownBy(() -> RecoveryConfig.parse("fleet: {url: \"jdbc:postgresql://db/fleet\", leese: 20s}\n", dir).build())
                .isInstanceOf(RecoveryConfigException.class)
                .hasMessageContaining("fleet.leese: unknown setting (known: url, user, password_env");
    }
}
