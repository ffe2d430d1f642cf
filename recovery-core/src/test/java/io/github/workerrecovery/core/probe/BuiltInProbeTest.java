package io.github.workerrecovery.core.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthProbeProvider;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The built-in probes as the engine finds them: through the services file, by name. */
class BuiltInProbeTest {

    @Test
    void theServiceLoaderFindsAllFiveWithTheirNames() {
        List<HealthProbeProvider> probes = ServiceLoader.load(HealthProbeProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(probe -> probe.getClass().getPackageName().equals(BuiltInProbeTest.class.getPackageName()))
                .toList();

        assertThat(probes).extracting(HealthProbeProvider::name)
                .containsExactlyInAnyOrder("liveness", "heartbeat", "http", "tcp", "error_rate");
        assertThat(probes).extracting(HealthProbeProvider::name).allMatch(name -> name.matches("[a-z0-9_-]+"));
    }

    @Test
    void probesThatNeverCheckedCloseQuietly() {
        for (HealthProbe probe : List.of(new LivenessProbe(), new HeartbeatProbe(), new HttpProbe(),
                new TcpProbe(), new ErrorRateProbe())) {
            probe.close();
            probe.close();
        }
    }
}
