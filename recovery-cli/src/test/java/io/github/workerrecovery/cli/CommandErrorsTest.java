package io.github.workerrecovery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the commands say when there is no daemon, the config is bad, or the command line is wrong. */
class CommandErrorsTest {

    @TempDir
    Path dir;

    @Test
    void everySubcommandTakesHelpAndPrintsItsOwnUsage() {
        for (String name : new String[] {"start", "stop", "status", "recover", "history", "strategies", "alerts", "patterns"}) {
            for (String flag : new String[] {"-h", "--help"}) {
                Cli.Result result = Cli.run(name, flag);
                assertThat(result.exitCode()).as(name + " " + flag).isZero();
                assertThat(result.out()).as(name + " " + flag).startsWith("Usage: worker-recovery " + name + " ")
                        .contains("-h, --help");
                assertThat(result.errLines()).as(name + " " + flag).isEmpty();
            }
        }
    }

    @Test
    void withoutADaemonStatusStopAndRecoverExitTwo() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));

        for (String[] command : new String[][] {{"status"}, {"status", "--json"}, {"stop"}, {"recover", "w", "--action", "restart"}}) {
            String[] args = append(command, "--home", home.toString());
            Cli.Result result = Cli.run(args);
            assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCodes.NO_DAEMON);
            assertThat(result.errLines()).singleElement().asString()
                    .isEqualTo("error: no daemon is running on " + home + " (no data/control.json)");
            assertThat(result.out()).isEmpty();
        }
    }

    @Test
    void aControlFileOfADeadDaemonMeansNoDaemonAndStopRemovesTheStaleFiles() throws Exception {
        Path home = dir.resolve("home");
        long deadPid = deadPid();
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/control.json"), "{\"pid\": " + deadPid + ", \"port\": 1, \"token\": \"x\"}");
        Files.writeString(home.resolve("data/daemon.pid"), deadPid + "\n");

        Cli.Result status = Cli.run("status", "--home", home.toString());
        Cli.Result stop = Cli.run("stop", "--home", home.toString());

        assertThat(status.exitCode()).isEqualTo(ExitCodes.NO_DAEMON);
        assertThat(status.errLines()).singleElement().asString().contains("pid " + deadPid + " of data/control.json is gone");
        assertThat(stop.exitCode()).isEqualTo(ExitCodes.NO_DAEMON);
        assertThat(home.resolve("data/control.json")).doesNotExist();
        assertThat(home.resolve("data/daemon.pid")).doesNotExist();
    }

    @Test
    void aMalformedConfigIsOneLineOnStderrWhetherInTheForegroundOrAsADaemon() throws Exception {
        Path config = Homes.writeConfig(dir, "bad.yaml", """
                home: home
                health_check_interval: soon
                """);

        Cli.Result foreground = Cli.run("start", "--config", config.toString());
        Cli.Result daemon = Cli.run("start", "--daemon", "--config", config.toString());
        Cli.Result status = Cli.run("status", "--config", config.toString());

        for (Cli.Result result : new Cli.Result[] {foreground, daemon, status}) {
            assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(result.errLines()).singleElement().asString().isEqualTo("invalid recovery config: "
                    + "health_check_interval: must be a duration such as 30, 500ms, 30s, 5m or 2h but was 'soon'");
        }
        assertThat(dir.resolve("home")).doesNotExist();
    }

    @Test
    void aConfigThatIsNotYamlOrIsMissingIsOneLineToo() throws Exception {
        Path broken = Homes.writeConfig(dir, "broken.yaml", "workers: [unclosed\n");

        Cli.Result notYaml = Cli.run("start", "--config", broken.toString());
        Cli.Result missing = Cli.run("start", "--config", dir.resolve("absent.yaml").toString());

        assertThat(notYaml.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(notYaml.errLines()).singleElement().asString().startsWith("invalid recovery config: " + broken
                + ": not valid YAML/JSON at line");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(missing.errLines()).singleElement().asString().endsWith("absent.yaml: config file not found");
        assertThat(notYaml.err() + missing.err()).doesNotContain(Cli.STACK_FRAME);
    }

    @Test
    void aConfigWithSeveralProblemsIsPrintedAsTheOneMessageListingThem() throws Exception {
        Path config = Homes.writeConfig(dir, "bad.yaml", """
                cpu_threshold: 180
                colour: blue
                workers:
                  w:
                    command: "python3 worker.py"
                """);

        Cli.Result result = Cli.run("start", "--config", config.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.errLines()).first().asString().startsWith("invalid recovery config (");
        assertThat(result.err()).contains("  cpu_threshold: must be > 0 and <= 100 but was 180", "  colour: unknown key",
                "  workers.w.command: must be a list of arguments").doesNotContain(Cli.STACK_FRAME);
    }

    @Test
    void theFileCommandsWorkWithoutADaemonAndSayWhenThereIsNothing() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));

        Cli.Result history = Cli.run("history", "--home", home.toString());
        Cli.Result strategies = Cli.run("strategies", "--home", home.toString());
        Cli.Result alerts = Cli.run("alerts", "--severity", "high", "--home", home.toString());
        Cli.Result noHome = Cli.run("history", "--home", dir.resolve("typo").toString());

        assertThat(history.exitCode()).isZero();
        assertThat(history.out()).isEqualTo("no recovery attempts recorded in " + home + "\n");
        assertThat(strategies.out()).isEqualTo("nothing learned yet in " + home + "\n");
        assertThat(alerts.out()).isEqualTo("no incident alerts at high or above in " + home + "\n");
        assertThat(noHome.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(noHome.errLines()).singleElement().asString().startsWith("error: no recovery home at ");
    }

    @Test
    void theHomeComesFromTheConfigWhenNotGiven() throws Exception {
        Path config = Homes.writeConfig(dir, "recovery.yaml", "home: elsewhere\n");
        Files.createDirectories(dir.resolve("elsewhere"));

        Cli.Result history = Cli.run("history", "--config", config.toString());

        assertThat(history.out()).isEqualTo("no recovery attempts recorded in " + dir.resolve("elsewhere") + "\n");
    }

    @Test
    void aWrongCommandLineIsAUsageError() {
        Cli.Result unknownOption = Cli.run("status", "--colour");
        Cli.Result missingAction = Cli.run("recover", "w");
        Cli.Result badLimit = Cli.run("history", "--limit", "0", "--home", dir.toString());
        Cli.Result badDuration = Cli.run("history", "--since", "yesterday", "--home", dir.toString());
        Cli.Result badSeverity = Cli.run("alerts", "--severity", "urgent", "--home", dir.toString());

        for (Cli.Result result : new Cli.Result[] {unknownOption, missingAction, badLimit, badDuration, badSeverity}) {
            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.errLines().get(0)).startsWith("error: ");
            assertThat(result.err()).doesNotContain(Cli.STACK_FRAME);
        }
        assertThat(missingAction.err()).contains("Missing required option: '--action=ACTION'");
        assertThat(badLimit.err()).contains("--limit must be >= 1 but was 0");
        assertThat(badDuration.err()).contains("'yesterday' is not a duration");
    }

    @Test
    void helpAndVersionExitZero() {
        Cli.Result help = Cli.run("--help");
        Cli.Result version = Cli.run("--version");
        Cli.Result nothing = Cli.run();

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("start", "stop", "status", "recover", "history", "strategies", "alerts",
                "Exit codes:");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("worker-recovery ");
        assertThat(nothing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(nothing.err()).startsWith("Usage: worker-recovery");
    }

    private static String[] append(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    /** A pid that no process has any more: that of a short process that has exited. */
    private static long deadPid() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        return done.pid();
    }
}
