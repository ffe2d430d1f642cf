package io.github.workerrecovery.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.core.env.StandardEnvironment;

/** The properties-to-tree translation, on its own. */
class SpringConfigTreeTest {

    private static String tree(String... pairs) {
        StandardEnvironment env = new StandardEnvironment();
        TestPropertyValues.of(pairs).applyTo(env);
        return SpringConfigTree.read(env).toString();
    }

    @Test
    void relaxedKeysBecomeFileKeysAndIdsStayAsWritten() {
        assertThat(tree("worker-recovery.health-check-interval=5s",
                "worker-recovery.workers.Order-Consumer.max-instances=4",
                "worker-recovery.workers.Order-Consumer.command[0]=/bin/sleep",
                "worker-recovery.workers.Order-Consumer.command[1]=10",
                "worker-recovery.workers.Order-Consumer.env.ACCOUNT_ID=0123",
                "worker-recovery.workers.Order-Consumer.probes.http.expected-status=200",
                "worker-recovery.plugins.webhook.url=http://127.0.0.1:9/x",
                "worker-recovery.correlation.enabled=false",
                "worker-recovery.enabled=true"))
                .isEqualTo("{\"correlation\":{\"enabled\":false},\"health_check_interval\":\"5s\","
                        + "\"plugins\":{\"webhook\":{\"url\":\"http://127.0.0.1:9/x\"}},"
                        + "\"workers\":{\"Order-Consumer\":{\"command\":[\"/bin/sleep\",10],"
                        + "\"env\":{\"ACCOUNT_ID\":\"0123\"},\"max_instances\":4,"
                        + "\"probes\":{\"http\":{\"expected_status\":200}}}}}");
    }

    @Test
    void anEnvironmentVariableSetsATopLevelKey() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new org.springframework.core.env.SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, java.util.Map.of("WORKERRECOVERY_HEALTHCHECKINTERVAL", "5s", "WORKERRECOVERY_MAXRESTARTATTEMPTS", "7")));
        assertThat(SpringConfigTree.read(env).toString())
                .isEqualTo("{\"health_check_interval\":\"5s\",\"max_restart_attempts\":7}");
    }

    @Test
    void noPropertiesGiveAnEmptyTree() {
        assertThat(tree("other.key=1")).isEqualTo("{}");
    }
}
