package io.github.workerrecovery.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code fleet:} section of a config file: fleet mode in one place, which cannot be combined
 * with another store or a second copy of its settings. (Its positive case needs the postgres
 * store on the class path: {@code FleetConfigFileTest} in recovery-postgres.)
 */
class FleetSectionTest {

    @TempDir
    Path dir;

    @Test
    void aFleetSectionWithAnotherStoreOrASecondCopyOfItsSettingsIsRefusedWithOneLineEach() {
        assertThatThrownBy(() -> RecoveryConfig.parse("""
                store: json
                fleet: {url: "jdbc:postgresql://db:5432/fleet", name: payments, fleet: payments}
                plugins:
                  postgres: {schema: other}
                """, dir).build())
                .isInstanceOf(RecoveryConfigException.class)
                .hasMessageContaining("fleet: fleet mode keeps its data in the postgres store but store is 'json' (leave store out)")
                .hasMessageContaining("fleet: give the fleet's settings here or in plugins.postgres, not in both")
                .hasMessageContaining("fleet: give the fleet's name as name or as fleet, not both");
    }

    @Test
    void aFleetSectionThatIsNotAMappingSaysWhatItShouldBe() {
        assertThatThrownBy(() -> RecoveryConfig.parse("fleet: yes\n", dir).build())
                .isInstanceOf(RecoveryConfigException.class)
                .hasMessageContaining("fleet: must be a mapping such as {url: jdbc:postgresql://db:5432/fleet, name: payments}");
    }

    @Test
    void withoutAFleetSectionNothingChanges() {
        assertThat(RecoveryConfig.parse("{}", dir).build().plugins().store()).isEqualTo("json");
    }
}
