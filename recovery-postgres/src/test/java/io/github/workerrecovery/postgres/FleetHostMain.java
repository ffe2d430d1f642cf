package io.github.workerrecovery.postgres;

import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.testkit.TestPluginContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One host of a fleet as its own JVM, as a daemon runs the store: membership, leadership and the
 * outbox. Arguments: JDBC URL, schema, host id, home. Prints {@code LEADS <host> term=<n>} when it
 * starts to lead and {@code FOLLOWS <host>} when it stops; runs until killed.
 */
public final class FleetHostMain {

    private FleetHostMain() {
    }

    /**
     * @param args JDBC URL, schema, host id, home directory
     * @throws Exception when the store cannot be opened
     */
    public static void main(String[] args) throws Exception {
        Map<String, Object> section = new LinkedHashMap<>(FleetFixture.section(args[0], args[1], args[2]));
        TestPluginContext context = new TestPluginContext(PluginSettings.of("plugins.postgres", section), Path.of(args[3]),
                TimeSource.system());
        try (PostgresStrategyStore store = FleetFixture.open(context)) {
            long shown = 0;
            while (true) {
                long term = store.leadership().term().orElse(0);
                if (term != shown) {
                    System.out.println(term > 0 ? "LEADS " + args[2] + " term=" + term : "FOLLOWS " + args[2]);
                    System.out.flush();
                    shown = term;
                }
                Thread.sleep(20);
            }
        }
    }
}
