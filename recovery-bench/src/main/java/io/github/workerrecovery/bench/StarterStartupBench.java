package io.github.workerrecovery.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Spring Boot starter adds to an application's start-up: the example orders service
 * ({@code recovery-examples/spring-boot-orders}, its executable jar) started alternately with the
 * starter on ({@code worker-recovery.enabled=true}: supervisor built, workers spawned, health,
 * endpoint and meters registered) and off ({@code false}: the auto-configuration backs off), each
 * time until Spring Boot logs {@code Started ... in X seconds}, which is then stopped. Prints the
 * median of each and their difference.
 *
 * <pre>java -cp "recovery-bench-*.jar:lib/*" io.github.workerrecovery.bench.StarterStartupBench app=PATH.jar runs=10</pre>
 */
public final class StarterStartupBench {

    private static final Pattern STARTED = Pattern.compile("Started \\S+ in ([0-9.]+) seconds");

    private StarterStartupBench() {
    }

    /**
     * @param args {@code app=} the example's executable jar (required), {@code runs=} per variant (10)
     * @throws Exception when the application cannot be run
     */
    public static void main(String[] args) throws Exception {
        Path app = null;
        int runs = 10;
        for (String a : args) {
            String v = a.substring(a.indexOf('=') + 1);
            if (a.startsWith("app=")) {
                app = Path.of(v).toAbsolutePath();
            } else if (a.startsWith("runs=")) {
                runs = Integer.parseInt(v);
            } else {
                throw new IllegalArgumentException("unknown argument " + a + " (app=, runs=)");
            }
        }
        if (app == null || !Files.isRegularFile(app)) {
            throw new IllegalArgumentException("app=<the example's jar> is required: mvn package builds "
                    + "recovery-examples/spring-boot-orders/target/recovery-examples-spring-boot-*.jar");
        }
        List<Double> on = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        Path home = Files.createTempDirectory("starter-startup");
        for (int i = 0; i < runs; i++) {
            // alternating, so that a change of load on the machine falls on both alike
            on.add(startOnce(app, home, true));
            off.add(startOnce(app, home, false));
        }
        double medianOn = median(on);
        double medianOff = median(off);
        System.out.printf(Locale.ROOT, "starter-startup: %d runs each, load average %s%n", runs, loadAverage());
        System.out.printf(Locale.ROOT, "  starter off: median %.3f s  %s%n", medianOff, off);
        System.out.printf(Locale.ROOT, "  starter on:  median %.3f s  %s%n", medianOn, on);
        System.out.printf(Locale.ROOT, "  added by the starter: %+.0f ms (median on - median off)%n", (medianOn - medianOff) * 1000);
    }

    private static double startOnce(Path app, Path home, boolean enabled) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("java", "-jar", app.toString(), "--server.port=0",
                "--worker-recovery.enabled=" + enabled, "--worker-recovery.home=" + home)
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Matcher m = STARTED.matcher(line);
                if (m.find()) {
                    return Double.parseDouble(m.group(1));
                }
            }
            throw new IllegalStateException("the application ended without starting (exit " + p.waitFor() + ")");
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
