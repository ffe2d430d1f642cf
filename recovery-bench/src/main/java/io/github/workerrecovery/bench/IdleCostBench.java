package io.github.workerrecovery.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.workerrecovery.cli.control.ControlClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What supervision costs while nothing happens: the daemon ({@code worker-recovery start --daemon}
 * from the recovery-cli jar) and, when {@code supervisord} is on the PATH, supervisord, each with the
 * same N sleeping programs ({@code sleep 100000}), one after the other in the same run. For each:
 * the time from the start command until every instance is HEALTHY (the daemon) or every program
 * runs (supervisord), then, after a warm-up, CPU (% of one core), RSS and threads of the
 * supervisor's process from {@code /proc/<pid>} over a window, and the wall time of the stop.
 *
 * <p>Usage: {@code java -cp ... IdleCostBench cli=recovery-cli/target/recovery-cli-<v>.jar [n=50]
 * [interval=1s] [warmup=20] [window=60] [daemon-opts="..."] [label=...] [supervisord=skip]};
 * {@code daemon-opts} go into {@code WORKER_RECOVERY_DAEMON_OPTS} for the daemon's JVM, {@code label}
 * names the daemon's row (to compare two builds), {@code supervisord=skip} leaves the peer out.
 */
public final class IdleCostBench {

    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux
    private static final long PAGE = 4096;

    private IdleCostBench() {
    }

    /**
     * @param args see the class comment
     * @throws Exception when a supervisor cannot be run
     */
    public static void main(String[] args) throws Exception {
        Path cli = null;
        int n = 50;
        String interval = "1s";
        int warmup = 20;
        int window = 60;
        String daemonOpts = null;
        boolean peer = true;
        String label = "worker-recovery daemon";
        for (String a : args) {
            String v = a.substring(a.indexOf('=') + 1);
            if (a.startsWith("cli=")) {
                cli = Path.of(v).toAbsolutePath();
            } else if (a.startsWith("n=")) {
                n = Integer.parseInt(v);
            } else if (a.startsWith("interval=")) {
                interval = v;
            } else if (a.startsWith("warmup=")) {
                warmup = Integer.parseInt(v);
            } else if (a.startsWith("window=")) {
                window = Integer.parseInt(v);
            } else if (a.equals("supervisord=skip")) {
                peer = false;
            } else if (a.startsWith("label=")) {
                label = v;
            } else if (a.startsWith("daemon-opts=")) {
                daemonOpts = v;
            } else {
                throw new IllegalArgumentException("unknown argument " + a
                        + " (cli=, n=, interval=, warmup=, window=, daemon-opts=, label=, supervisord=skip)");
            }
        }
        if (cli == null || !Files.isRegularFile(cli)) {
            throw new IllegalArgumentException("cli=<path of the recovery-cli jar> is required (mvn package builds it)");
        }
        System.out.printf(Locale.ROOT, "idle-cost: %d sleeping programs, checks every %s, warm-up %d s, window %d s, "
                + "load average %s%n", n, interval, warmup, window, loadAverage());
        List<String> rows = new ArrayList<>();
        rows.add(daemon(label, cli, n, interval, warmup, window, daemonOpts));
        Optional<Path> supervisord = SupervisordCrashLoop.findOnPath("supervisord");
        if (!peer) {
            System.out.println("supervisord: skipped (supervisord=skip)");
        } else if (supervisord.isEmpty()) {
            System.out.println("supervisord: not on the PATH, skipped (apt-get install supervisor to compare)");
        } else {
            rows.add(supervisord(supervisord.get(), n, warmup, window));
        }
        System.out.println();
        System.out.println("| supervisor | N | until all up | CPU, % of one core | RSS at end | RSS max | threads | stop |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
    }

    private static String daemon(String label, Path cli, int n, String interval, int warmup, int window, String opts) throws Exception {
        Path dir = Files.createTempDirectory("idle-cost-daemon-");
        StringBuilder yaml = new StringBuilder("home: " + dir.resolve("home") + "\nhealth_check_interval: " + interval
                + "\nworkers:\n");
        for (int i = 0; i < n; i++) {
            yaml.append("  s").append(i).append(":\n    command: [sleep, \"100000\"]\n");
        }
        Path config = dir.resolve("recovery.yaml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        Path home = dir.resolve("home");
        long t0 = System.nanoTime();
        run(cli, opts, "start", "--daemon", "--config", config.toString());
        long pid = -1;
        int healthy = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (healthy < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the daemon did not report " + n + " healthy instances in 5 min");
            }
            Thread.sleep(100);
            ControlClient client = ControlClient.forHome(home);
            pid = client.pid();
            JsonNode status = client.status();
            healthy = 0;
            for (JsonNode i : status.path("instances")) {
                if ("HEALTHY".equals(i.path("state").asText())) {
                    healthy++;
                }
            }
        }
        double upSeconds = (System.nanoTime() - t0) / 1e9;
        Measured m = measure(pid, warmup, window);
        long s0 = System.nanoTime();
        run(cli, opts, "stop", "--home", home.toString());
        double stopSeconds = (System.nanoTime() - s0) / 1e9;
        long timeouts = Files.readAllLines(home.resolve("logs/daemon.out")).stream()
                .filter(l -> l.contains("TimeoutException")).count();
        return String.format(Locale.ROOT, "| %s | %d | %.1f s | %.3f %% | %d MiB | %d MiB | %d | %.1f s%s |",
                label, n, upSeconds, m.cpuPercent, m.rssEnd >> 20, m.rssMax >> 20, m.threads, stopSeconds,
                timeouts == 0 ? "" : ", " + timeouts + " time-out warnings");
    }

    private static String supervisord(Path exe, int n, int warmup, int window) throws Exception {
        Path dir = Files.createTempDirectory("idle-cost-supervisord-");
        StringBuilder conf = new StringBuilder(String.join("\n",
                "[unix_http_server]", "file=" + dir + "/supervisor.sock", "chmod=0700", "",
                "[supervisord]", "nodaemon=true", "logfile=" + dir + "/supervisord.log",
                "pidfile=" + dir + "/supervisord.pid", "childlogdir=" + dir, "minfds=" + Math.max(1024, 4 * n + 64), "",
                "[rpcinterface:supervisor]",
                "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface", ""));
        for (int i = 0; i < n; i++) {
            conf.append(String.join("\n", "[program:s" + i + "]", "command=sleep 100000", "autorestart=true",
                    "startsecs=0", "stopasgroup=true", "killasgroup=true",
                    "stdout_logfile=" + dir + "/s" + i + ".out", "stderr_logfile=" + dir + "/s" + i + ".err", "", ""));
        }
        Path file = dir.resolve("supervisord.conf");
        Files.writeString(file, conf, StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(exe.toString(), "-c", file.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("console").toFile()).start();
        p.getOutputStream().close();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (p.children().count() < n) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("supervisord did not start " + n + " programs; see " + dir);
            }
            Thread.sleep(50);
        }
        double upSeconds = (System.nanoTime() - t0) / 1e9;
        Measured m = measure(p.pid(), warmup, window);
        List<ProcessHandle> tree = p.descendants().toList();
        long s0 = System.nanoTime();
        p.destroy();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        double stopSeconds = (System.nanoTime() - s0) / 1e9;
        tree.forEach(ProcessHandle::destroyForcibly);
        return String.format(Locale.ROOT, "| supervisord %s | %d | %.1f s | %.3f %% | %d MiB | %d MiB | %d | %.1f s |",
                SupervisordCrashLoop.version(exe), n, upSeconds, m.cpuPercent, m.rssEnd >> 20, m.rssMax >> 20,
                m.threads, stopSeconds);
    }

    private record Measured(double cpuPercent, long rssEnd, long rssMax, int threads) {
    }

    /** Warm-up, then CPU ticks at both ends of the window and RSS every second in between. */
    private static Measured measure(long pid, int warmup, int window) throws Exception {
        Thread.sleep(warmup * 1000L);
        long ticks0 = cpuTicks(pid);
        long w0 = System.nanoTime();
        long rssMax = 0;
        for (int s = 0; s < window; s++) {
            Thread.sleep(1000);
            rssMax = Math.max(rssMax, rss(pid));
        }
        long ticks1 = cpuTicks(pid);
        double seconds = (System.nanoTime() - w0) / 1e9;
        double cpu = (ticks1 - ticks0) * 100.0 / CLOCK_TICKS / seconds;
        return new Measured(cpu, rss(pid), rssMax, threads(pid));
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }

    private static long rss(long pid) throws IOException {
        String[] f = Files.readString(Path.of("/proc", Long.toString(pid), "statm")).trim().split(" ");
        return Long.parseLong(f[1]) * PAGE;
    }

    private static int threads(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring(8).trim());
            }
        }
        return -1;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void run(Path cli, String daemonOpts, String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", cli.toString()));
        argv.addAll(List.of(command));
        ProcessBuilder b = new ProcessBuilder(argv).redirectErrorStream(true);
        if (daemonOpts != null) {
            b.environment().put("WORKER_RECOVERY_DAEMON_OPTS", daemonOpts);
        }
        Process p = b.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
