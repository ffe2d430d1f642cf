package io.github.workerrecovery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatternsCommandTest {

    private static final List<String> LOG = List.of(
            "2026-11-29 10:00:00,001 ERROR [main] c.a.Db - Connection refused to 10.0.0.1:5432",
            "2026-11-29 10:00:01,002 WARN [io-2] c.a.Jobs - Job 17 finished in 35ms with 2 errors",
            "2026-11-29 10:00:02,003 ERROR [main] c.a.Db - Connection refused to 10.0.0.2:6432",
            "",
            "2026-11-29 10:00:03,004 ERROR [io-1] c.a.Db - Connection refused to 10.0.0.3:5432");

    @TempDir
    Path dir;

    @Test
    void printsThePatternsByCount() throws Exception {
        Path file = Files.write(dir.resolve("app.log"), LOG);

        Cli.Result r = Cli.run("patterns", file.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("""
                ID        COUNT  TEMPLATE
                ef9e9895      3  Connection refused to <*>:<*>
                45835c62      1  Job <*> finished in <*> with <*> errors

                5 line(s), 2 pattern(s)
                """);
    }

    @Test
    void topLimitsTheTable() throws Exception {
        Path file = Files.write(dir.resolve("app.log"), LOG);

        Cli.Result r = Cli.run("patterns", "--top", "1", file.toString());

        assertThat(r.out()).isEqualTo("""
                ID        COUNT  TEMPLATE
                ef9e9895      3  Connection refused to <*>:<*>

                5 line(s), 2 pattern(s), the 1 most frequent shown
                """);
    }

    @Test
    void assignPrintsThePatternOfEveryLineInOrder() throws Exception {
        Path first = Files.write(dir.resolve("a.log"), LOG.subList(0, 3));
        Path second = Files.write(dir.resolve("b.log"), LOG.subList(3, 5));

        Cli.Result r = Cli.run("patterns", "--assign", first.toString(), second.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines().toList()).containsExactly(
                "ef9e9895\t" + LOG.get(0),
                "45835c62\t" + LOG.get(1),
                "ef9e9895\t" + LOG.get(2),
                "-\t",
                "ef9e9895\t" + LOG.get(4));
    }

    @Test
    void readsStandardInputForADash() {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(String.join("\n", LOG).getBytes(StandardCharsets.UTF_8)));
            Cli.Result r = Cli.run("patterns", "--top", "1", "-");

            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).contains("ef9e9895      3  Connection refused to <*>:<*>");
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void aMissingFileIsOneLineOnStderr() {
        Cli.Result r = Cli.run("patterns", dir.resolve("nope.log").toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).isEqualTo("error: no such file: " + dir.resolve("nope.log") + "\n");
    }

    @Test
    void wrongUsageExitsWith64() {
        assertThat(Cli.run("patterns").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("patterns", "--top", "0", "x.log").exitCode()).isEqualTo(ExitCodes.USAGE);
    }
}
