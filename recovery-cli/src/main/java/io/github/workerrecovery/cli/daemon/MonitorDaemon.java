package io.github.workerrecovery.cli.daemon;

import io.github.workerrecovery.cli.ExitCodes;
import io.github.workerrecovery.cli.control.ControlFile;
import io.github.workerrecovery.core.RecoveryConfig;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon: runs a {@link WorkerAutoRecovery} in this process until {@code POST /stop},
 * SIGINT (Ctrl-C) or SIGTERM. In order, it takes the home ({@link DaemonLock}, which writes the
 * pid file), starts monitoring, starts the {@link ControlServer} and the dashboard and HTTP API
 * ({@link DaemonWeb}, unless switched off) and last writes the
 * {@link ControlFile}, so that a command that finds the file finds a daemon ready to answer.
 *
 * <p>Stopping runs once, whichever comes first: the main thread after {@code /stop}, or the
 * JVM shutdown hook on a signal (which then waits for it to finish, so the JVM never halts
 * half-way). It deletes the control file, closes the API, closes the monitor (workers stopped
 * or left running as {@code on_shutdown} says; pending notifications delivered) and last
 * deletes the pid file and releases the home.
 */
public final class MonitorDaemon {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorDaemon.class);

    private final RecoveryConfig config;
    private final WebSettings webSettings;
    private final PrintWriter out;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final Object lifecycle = new Object();
    private DaemonLock lock;
    private WorkerAutoRecovery recovery;
    private ControlServer server;
    private DaemonWeb web;
    private boolean stopped;

    /**
     * @param config the configuration, overrides applied
     * @param out where the start and stop lines go
     */
    public MonitorDaemon(RecoveryConfig config, PrintWriter out) {
        this(config, WebSettings.DEFAULT, out);
    }

    /**
     * @param config the configuration, overrides applied
     * @param webSettings whether and where to serve the dashboard and HTTP API
     * @param out where the start and stop lines go
     */
    public MonitorDaemon(RecoveryConfig config, WebSettings webSettings, PrintWriter out) {
        this.config = config;
        this.webSettings = webSettings;
        this.out = out;
    }

    /**
     * Starts everything and blocks until the daemon is asked to stop.
     *
     * @return {@link ExitCodes#OK} once stopped through the control API
     * @throws io.github.workerrecovery.cli.CommandFailure when another daemon runs on the home
     * @throws io.github.workerrecovery.core.RecoveryConfigException when a provider is broken or
     *     unknown
     * @throws IOException when the home's files cannot be written or the API cannot bind
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public int run() throws IOException, InterruptedException {
        Path home = config.home();
        long pid = ProcessHandle.current().pid();
        int port;
        // Held while starting, so that a signal arriving now stops what was started, after it.
        synchronized (lifecycle) {
            lock = DaemonLock.acquire(home);
            try {
                recovery = new WorkerAutoRecovery(config);
                Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "worker-recovery-shutdown"));
                recovery.startMonitoring();
                server = ControlServer.start(recovery, stopRequested::countDown);
                web = DaemonWeb.start(recovery, webSettings, server.token()).orElse(null);
                ControlFile control = server.controlFile(pid);
                if (web != null) {
                    control = new ControlFile(control.pid(), control.port(), control.token(), Optional.of(web.url()));
                }
                control.write(home);
                port = server.port();
            } catch (IOException | RuntimeException e) {
                stop();
                throw e;
            }
        }
        LOG.info("started: pid {}, {} worker(s), home {}, host id {}", pid, config.workers().size(), home, hostId());
        out.println("worker-recovery started: pid " + pid + ", " + config.workers().size() + " worker(s), home " + home
                + ", control API on " + ControlFile.HOST + ":" + port
                + (web == null ? "" : ", dashboard on " + web.url()));
        out.println("stop it with Ctrl-C or: worker-recovery stop --home " + home);
        out.flush();
        stopRequested.await();
        stop();
        out.println("worker-recovery stopped");
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Made (or the {@code host_id} override recorded) at start, so that a command given only
     * {@code --home} exports under the same id the daemon imports with.
     */
    private String hostId() {
        try {
            return recovery.hostId();
        } catch (UncheckedIOException e) {
            LOG.warn("could not read or make the host id in {}", config.home(), e.getCause());
            return "unknown";
        }
    }

    private void stop() {
        synchronized (lifecycle) {
            if (stopped) {
                return;
            }
            stopped = true;
            Path home = config.home();
            try {
                // first, so that commands stop finding a daemon that is going away
                ControlFile.delete(home);
            } catch (IOException e) {
                LOG.warn("could not delete {}", ControlFile.path(home), e);
            }
            if (web != null) {
                web.close();
            }
            if (server != null) {
                server.close();
            }
            if (recovery != null) {
                recovery.close();
            }
            if (lock != null) {
                try {
                    lock.close();
                } catch (IOException e) {
                    LOG.warn("could not release {}", home.resolve(DaemonLock.FILE), e);
                }
            }
            LOG.info("stopped");
        }
    }
}
