package io.github.workerrecovery.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.RecoveryConfigException;
import io.github.workerrecovery.core.WorkerScaling;
import io.github.workerrecovery.core.WorkerSpec;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker's fleet-wide bounds, {@code fleet_min_instances} and {@code fleet_max_instances}: read, built, checked. */
class FleetBoundsConfigTest {

    @TempDir
    Path dir;

    @Test
    void theFileAndTheBuilderGiveTheSameBoundsAndWithoutThemThereAreNone() {
        RecoveryConfig c = RecoveryConfig.parse("""
                workers:
                  w:
                    command: [x]
                    max_instances: 4
                    fleet_min_instances: 2
                    fleet_max_instances: 10
                """, dir).build();

        WorkerScaling expected = new WorkerScaling(1, 4, Optional.empty(), OptionalInt.of(2), OptionalInt.of(10));
        assertThat(c.workers().get(0).scaling()).isEqualTo(expected);
        assertThat(WorkerSpec.builder("w").command("x").maxInstances(4).fleetInstances(2, 10).build().scaling())
                .isEqualTo(expected);
        assertThat(WorkerSpec.builder("w").command("x").build().scaling().fleetMaxInstances()).isEmpty();
    }

    @Test
    void eachBoundOutOfRangeIsOneLine() {
        assertThatThrownBy(() -> RecoveryConfig.parse("""
                workers:
                  a:
                    command: [x]
                    fleet_min_instances: 2
                  b:
                    command: [x]
                    min_instances: 2
                    fleet_max_instances: 1
                  c:
                    command: [x]
                    fleet_min_instances: 4
                    fleet_max_instances: 3
                  d:
                    command: [x]
                    fleet_min_instances: -1
                    fleet_max_instances: 3
                """, dir).build())
                .isInstanceOfSatisfying(RecoveryConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "workers.a.fleet_min_instances: needs fleet_max_instances",
                        "workers.b.fleet_max_instances: must be >= 1, >= min_instances (2) and >= fleet_min_instances (0)"
                                + " but was 1",
                        "workers.c.fleet_max_instances: must be >= 1, >= min_instances (1) and >= fleet_min_instances (4)"
                                + " but was 3",
                        "workers.d.fleet_min_instances: must be >= 0 but was -1"));
    }
}
