package io.github.workerrecovery.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonJvmOptionsTest {

    private static final String VFORK = "-Djdk.lang.Process.launchMechanism=VFORK";

    @TempDir
    Path dir;

    @Test
    void theHeapCeilingGrowsWithTheInstancesUpToOneGiB() {
        assertThat(DaemonLauncher.jvmOptions(1, Optional.empty())).startsWith("-Xmx64m")
                .contains("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:-UsePerfData", "-Xms16m", "-Xmn4m",
                        "-XX:CompileThresholdScaling=0.05");
        assertThat(DaemonLauncher.jvmOptions(1000, Optional.empty())).startsWith("-Xmx189m");
        assertThat(DaemonLauncher.jvmOptions(100_000, Optional.empty())).startsWith("-Xmx1024m");
    }

    @Test
    void theYoungGenerationIsSmallAndGrowsWithTheInstancesUpToAQuarterOfTheHeap() {
        assertThat(DaemonLauncher.jvmOptions(50, Optional.empty())).containsSubsequence("-Xmx70m", "-Xms16m", "-Xmn4m");
        assertThat(DaemonLauncher.jvmOptions(1000, Optional.empty())).containsSubsequence("-Xms16m", "-Xmn7m");
        // the initial heap holds twice the young generation, so that both can be what they say
        assertThat(DaemonLauncher.jvmOptions(10_000, Optional.empty())).containsSubsequence("-Xmx1024m", "-Xms86m",
                "-Xmn43m");
        assertThat(DaemonLauncher.jvmOptions(100_000, Optional.empty())).containsSubsequence("-Xmx1024m", "-Xms512m",
                "-Xmn256m");
    }

    @Test
    void theUsersOptionsComeLastAndTheirCollectorReplacesTheSerialOne() {
        assertThat(DaemonLauncher.jvmOptions(50, Optional.of("  -Xmx512m   -XX:+UseG1GC ")))
                .endsWith("-Xmx512m", "-XX:+UseG1GC")
                .doesNotContain("-XX:+UseSerialGC");
        assertThat(DaemonLauncher.jvmOptions(50, Optional.of(" "))).contains("-XX:+UseSerialGC");
    }

    @Test
    void workersAreSpawnedWithVforkUpToTheLastReleaseThatOffersItWithoutAWarning() {
        assertThat(DaemonLauncher.jvmOptions(1, Optional.empty(), 17, Optional.empty())).contains(VFORK);
        assertThat(DaemonLauncher.jvmOptions(1, Optional.empty(), 24, Optional.empty())).contains(VFORK);
        assertThat(DaemonLauncher.jvmOptions(1, Optional.empty(), 25, Optional.empty()))
                .noneMatch(o -> o.contains("launchMechanism"));
        // the user's own choice is the only one given
        assertThat(DaemonLauncher.jvmOptions(1, Optional.of("-Djdk.lang.Process.launchMechanism=FORK"), 17,
                Optional.empty())).filteredOn(o -> o.contains("launchMechanism"))
                .containsExactly("-Djdk.lang.Process.launchMechanism=FORK");
    }

    @Test
    void theDaemonStartsFromTheArchiveWithItsMessagesOffAndTheUsersOptionsAfter() {
        Path archive = dir.resolve("worker-recovery.jsa");
        assertThat(DaemonLauncher.jvmOptions(1, Optional.of("-Xlog:cds"), 17, Optional.of(archive)))
                .containsSubsequence("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                        "-Xlog:cds");
        assertThat(DaemonLauncher.jvmOptions(1, Optional.empty(), 17, Optional.empty()))
                .noneMatch(o -> o.startsWith("-XX:SharedArchiveFile"));
    }

    @Test
    void theArchiveIsTheOneNextToTheOneJarTheCommandRunsFrom() throws IOException {
        Path jar = Files.createFile(dir.resolve("worker-recovery.jar"));
        assertThat(DaemonLauncher.sharedArchive(jar.toString())).isEmpty();
        Path archive = Files.createFile(dir.resolve("worker-recovery.jsa"));
        assertThat(DaemonLauncher.sharedArchive(jar.toString())).contains(archive);
        // a class path of several entries (a test, an IDE) is not the launcher's jar
        assertThat(DaemonLauncher.sharedArchive(jar + File.pathSeparator + dir.resolve("other.jar"))).isEmpty();
        assertThat(DaemonLauncher.sharedArchive(dir.resolve("classes").toString())).isEmpty();
        assertThat(DaemonLauncher.sharedArchive("")).isEmpty();
    }
}
