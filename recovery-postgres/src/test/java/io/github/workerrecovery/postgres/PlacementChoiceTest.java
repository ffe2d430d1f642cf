package io.github.workerrecovery.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the leader places an instance: the arithmetic alone, over host rows as membership writes them. */
class PlacementChoiceTest {

    private static PlacementChoice.HostLoad host(String id, String workers, Map<String, Integer> placed) {
        return PlacementChoice.of(id, "consumer", workers, placed);
    }

    @Test
    void theLeastLoadedHostThatRunsTheWorkerBelowItsOwnMaximumGetsIt() {
        List<PlacementChoice.HostLoad> hosts = List.of(
                // 2 of 3: loaded
                host("h1", "[{\"id\": \"consumer\", \"instances\": 2, \"max_instances\": 3}]", Map.of()),
                // 1 of 11 but the consumer at its own maximum: not allowed
                host("h2", "[{\"id\": \"consumer\", \"instances\": 1, \"max_instances\": 1},"
                        + " {\"id\": \"spare\", \"instances\": 0, \"max_instances\": 10}]", Map.of()),
                // 0 of 5 but no consumer: not allowed
                host("h3", "[{\"id\": \"other\", \"instances\": 0, \"max_instances\": 5}]", Map.of()),
                // 1 of 4 with one placed and not yet started: 2 of 4
                host("h4", "[{\"id\": \"consumer\", \"instances\": 1, \"max_instances\": 4}]", Map.of("consumer", 1)),
                // 1 of 3
                host("h5", "[{\"id\": \"consumer\", \"instances\": 1, \"max_instances\": 3}]", Map.of()));

        assertThat(PlacementChoice.choose(hosts)).hasValueSatisfying(h -> {
            assertThat(h.host()).isEqualTo("h5");
            assertThat(h.running()).isEqualTo(1);
            assertThat(h.capacity()).isEqualTo(3);
        });
        assertThat(hosts.get(3).instances()).hasValue(2);
        assertThat(hosts.get(1).allows()).isFalse();
        assertThat(hosts.get(2).allows()).isFalse();
    }

    @Test
    void equalLoadsGoToTheLowestHostIdAndNoAllowingHostMeansNone() {
        PlacementChoice.HostLoad b = host("b", "[{\"id\": \"consumer\", \"instances\": 2, \"max_instances\": 4}]", Map.of());
        PlacementChoice.HostLoad a = host("a", "[{\"id\": \"consumer\", \"instances\": 1, \"max_instances\": 2}]", Map.of());
        assertThat(PlacementChoice.choose(List.of(b, a))).map(PlacementChoice.HostLoad::host).hasValue("a");

        PlacementChoice.HostLoad full = host("c", "[{\"id\": \"consumer\", \"instances\": 2, \"max_instances\": 2}]", Map.of());
        assertThat(PlacementChoice.choose(List.of(full))).isEmpty();
    }
}
