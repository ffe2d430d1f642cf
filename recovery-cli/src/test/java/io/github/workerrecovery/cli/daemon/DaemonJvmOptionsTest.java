package io.github.workerrecovery.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DaemonJvmOptionsTest {

    @Test
    void theHeapCeilingGrowsWithTheInstancesUpToOneGiB() {
        assertThat(DaemonLauncher.jvmOptions(1, Optional.empty())).startsWith("-Xmx64m")
                .contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:-UsePerfData", "-Xms16m",
                        "-XX:CompileThresholdScaling=0.05");
        assertThat(DaemonLauncher.jvmOptions(1000, Optional.empty())).startsWith("-Xmx189m");
        assertThat(DaemonLauncher.jvmOptions(100_000, Optional.empty())).startsWith("-Xmx1024m");
    }

    @Test
    void theUsersOptionsComeLastAndTheirCollectorReplacesTheSerialOne() {
        assertThat(DaemonLauncher.jvmOptions(50, Optional.of("  -Xmx512m   -XX:+UseG1GC ")))
                .endsWith("-Xmx512m", "-XX:+UseG1GC")
                .doesNotContain("-XX:+UseSerialGC");
        assertThat(DaemonLauncher.jvmOptions(50, Optional.of(" "))).contains("-XX:+UseSerialGC");
    }
}
