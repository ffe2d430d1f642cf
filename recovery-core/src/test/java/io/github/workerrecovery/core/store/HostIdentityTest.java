package io.github.workerrecovery.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.workerrecovery.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The host id: made once, stable, a damaged file set aside, the {@code host_id} override validated and recorded. */
class HostIdentityTest {

    @TempDir
    Path home;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T16:00:00Z"));
    /** slf4j-simple writes to whatever System.err is at the time of the call. */
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream realErr;

    @BeforeEach
    void captureLog() {
        realErr = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void releaseLog() {
        System.setErr(realErr);
    }

    /** The log lines of {@link HostIdentity} as "LEVEL message", without the simple logger's thread and name. */
    private List<String> log() {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("\\b(INFO|WARN|ERROR) \\S*HostIdentity - (.*)");
        return stderr.toString(StandardCharsets.UTF_8).lines().map(line::matcher).filter(java.util.regex.Matcher::find)
                .map(m -> m.group(1) + " " + m.group(2)).toList();
    }

    private Path file() {
        return home.resolve("data/host-id");
    }

    @Test
    void anIdIsMadeOnceAndReadBackUnchanged() throws Exception {
        String first = HostIdentity.resolve(home, Optional.empty(), clock);
        String second = HostIdentity.resolve(home, Optional.empty(), clock);

        assertThat(first).matches("host-[0-9a-f]{12}");
        assertThat(second).isEqualTo(first);
        assertThat(Files.readString(file())).isEqualTo(first + "\n");
        assertThat(HostIdentity.problem(first)).isEmpty();
    }

    @Test
    void twoHomesGetDifferentIds(@TempDir Path otherHome) throws Exception {
        assertThat(HostIdentity.resolve(home, Optional.empty(), clock))
                .isNotEqualTo(HostIdentity.resolve(otherHome, Optional.empty(), clock));
    }

    @Test
    void anIdWrittenByHandIsKeptWithItsTrailingNewlineForgiven() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "build-7.eu_west\n\n");

        assertThat(HostIdentity.resolve(home, Optional.empty(), clock)).isEqualTo("build-7.eu_west");
    }

    @Test
    void aDamagedFileIsSetAsideWithAWarningAndANewIdIsMade() throws Exception {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "not a host id!");

        String id = HostIdentity.resolve(home, Optional.empty(), clock);

        assertThat(id).matches("host-[0-9a-f]{12}");
        Path aside = home.resolve("data/host-id.corrupt-20261129T160000Z");
        assertThat(Files.readString(aside)).isEqualTo("not a host id!");
        assertThat(Files.readString(file())).isEqualTo(id + "\n");
        assertThat(log()).containsExactly("WARN " + file() + " does not hold a valid host id (must be "
                + "1-64 letters, digits, '.', '_' or '-' but was 'not a host id!'); moved it to " + aside
                + " and making a new one");
    }

    @Test
    void aFileThatIsNotTextOrIsEmptyIsSetAsideToo() throws Exception {
        Files.createDirectories(file().getParent());
        Files.write(file(), new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});
        String afterBinary = HostIdentity.resolve(home, Optional.empty(), clock);
        Files.writeString(file(), "", StandardCharsets.UTF_8);
        clock.advance(java.time.Duration.ofSeconds(1));
        String afterEmpty = HostIdentity.resolve(home, Optional.empty(), clock);

        assertThat(afterBinary).matches("host-[0-9a-f]{12}");
        assertThat(afterEmpty).matches("host-[0-9a-f]{12}").isNotEqualTo(afterBinary);
        try (Stream<Path> files = Files.list(file().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("host-id",
                    "host-id.corrupt-20261129T160000Z", "host-id.corrupt-20261129T160001Z");
        }
        assertThat(log())
                .anySatisfy(m -> assertThat(m).contains("(not UTF-8 text)"))
                .anySatisfy(m -> assertThat(m).contains("but was '')"));
    }

    @Test
    void theOverrideWinsAndIsRecordedSoThatItStaysWhenTheKeyIsRemoved() throws Exception {
        String made = HostIdentity.resolve(home, Optional.empty(), clock);

        String overridden = HostIdentity.resolve(home, Optional.of("eu-west-1.node-3"), clock);
        String afterKeyRemoved = HostIdentity.resolve(home, Optional.empty(), clock);

        assertThat(overridden).isEqualTo("eu-west-1.node-3");
        assertThat(afterKeyRemoved).isEqualTo("eu-west-1.node-3");
        assertThat(Files.readString(file())).isEqualTo("eu-west-1.node-3\n");
        // recorded at INFO, which the tests' log level (warn) hides; no warning: nothing was damaged
        assertThat(log()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/y", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "local", "LOCAL", "tab\there"})
    void anInvalidOverrideIsRefusedAndTheFileIsNotTouched(String bad) throws Exception {
        String made = HostIdentity.resolve(home, Optional.empty(), clock);

        assertThatThrownBy(() -> HostIdentity.resolve(home, Optional.of(bad), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("host_id: ");
        assertThat(Files.readString(file())).isEqualTo(made + "\n");
    }

    @Test
    void theRuleNamesWhatIsWrong() {
        assertThat(HostIdentity.problem("a b")).contains("must be 1-64 letters, digits, '.', '_' or '-' but was 'a b'");
        assertThat(HostIdentity.problem("local")).contains("'local' is reserved for this host's own evidence");
        assertThat(HostIdentity.problem("tab\there")).contains(
                "must be 1-64 letters, digits, '.', '_' or '-' but was 'tab?here'");
        assertThat(List.of("a", "A.b_c-9", "x".repeat(64))).allSatisfy(id -> assertThat(HostIdentity.problem(id)).isEmpty());
    }
}
