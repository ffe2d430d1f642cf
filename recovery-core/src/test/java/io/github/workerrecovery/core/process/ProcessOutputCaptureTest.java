package io.github.workerrecovery.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.testkit.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces of output capture without a process: the stderr line splitter and the rotating file. */
class ProcessOutputCaptureTest {

    private final ManualClock clock = new ManualClock();

    @Test
    void linesSplitAcrossChunksAreJoinedAndCarriageReturnsDropped() {
        StderrTail tail = new StderrTail(10, Optional.empty(), clock);

        feed(tail, "first li");
        feed(tail, "ne\r\nsecond\n\nthi");
        feed(tail, "rd without newline");
        tail.finish();

        assertThat(tail.lines()).containsExactly("first line", "second", "", "third without newline");
    }

    @Test
    void onlyTheLastLinesAreKept() {
        StderrTail tail = new StderrTail(3, Optional.empty(), clock);

        feed(tail, "1\n2\n3\n4\n5\n");

        assertThat(tail.lines()).containsExactly("3", "4", "5");
    }

    @Test
    void aHugeLineIsCutAndItsRestSkippedUpToTheNextNewline() {
        StderrTail tail = new StderrTail(10, Optional.of(ProcessSpec.DEFAULT_ERROR_PATTERN), clock);
        byte[] chunk = new byte[8192];
        Arrays.fill(chunk, (byte) 'x');

        feed(tail, "error: ");
        for (int i = 0; i < 1000; i++) {
            tail.accept(chunk, 0, chunk.length);
        }
        feed(tail, "xx\nnext\n");

        assertThat(tail.lines()).hasSize(2);
        assertThat(tail.lines().get(0)).hasSize(StderrTail.MAX_LINE_CHARS)
                .startsWith("error: xxx").endsWith("x" + StderrTail.TRUNCATED_MARK);
        assertThat(tail.lines().get(1)).isEqualTo("next");
        // the cut line counts once, when it is cut, not again at its newline
        assertThat(tail.errorsPerMinute()).hasValue(1.0);
    }

    @Test
    void malformedUtf8IsReplacedAndNeverLengthensALine() {
        StderrTail tail = new StderrTail(10, Optional.empty(), clock);
        byte[] garbage = new byte[20_000];
        Arrays.fill(garbage, (byte) 0xff);

        tail.accept(garbage, 0, garbage.length);
        feed(tail, "\nk\u00e4se\n");

        assertThat(tail.lines()).hasSize(2);
        assertThat(tail.lines().get(0)).hasSize(StderrTail.MAX_LINE_CHARS).startsWith("\ufffd\ufffd");
        assertThat(tail.lines().get(1)).isEqualTo("k\u00e4se");
    }

    @Test
    void errorRateCountsMatchingLinesOfTheLastMinute() {
        StderrTail tail = new StderrTail(10, Optional.of(ProcessSpec.DEFAULT_ERROR_PATTERN), clock);

        feed(tail, "ERROR one\nfine\n");
        clock.advance(Duration.ofSeconds(30));
        // "IllegalStateException" alone would not match: \b needs a word boundary before "exception"
        feed(tail, "Exception in thread \"main\" java.lang.IllegalStateException: boom\n\tat Foo.bar(Foo.java:1)\n");
        assertThat(tail.errorsPerMinute()).hasValue(2.0);

        clock.advance(Duration.ofSeconds(31));
        assertThat(tail.errorsPerMinute()).hasValue(1.0);

        clock.advance(Duration.ofSeconds(30));
        assertThat(tail.errorsPerMinute()).hasValue(0.0);
    }

    @Test
    void aPatternThatBlowsUpCountsNothingAndTheTailGoesOn() {
        // catastrophic backtracking: deep recursion on a long line of 'a's
        Pattern explosive = Pattern.compile("(a|aa)+$|(a|b)*c");
        StderrTail tail = new StderrTail(10, Optional.of(explosive), clock);

        feed(tail, "a".repeat(8000) + "b\nafter\n");

        assertThat(tail.lines()).hasSize(2).last().isEqualTo("after");
        assertThat(tail.errorsPerMinute()).hasValue(0.0);
    }

    @Test
    void rotatingFileKeepsEveryByteUntilItRotatesAndAtMostMaxFiles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("w.err");
        byte[] block = new byte[1000];
        Arrays.fill(block, (byte) 'z');
        try (RotatingLogFile log = new RotatingLogFile(file, 2500, 2)) {
            for (int i = 0; i < 10; i++) {
                log.write(block, 0, block.length);
            }
        }

        // rotation after the write that reached 2500: 3000-byte files, the oldest dropped
        assertThat(Files.size(dir.resolve("w.err.1"))).isEqualTo(3000);
        assertThat(Files.size(dir.resolve("w.err.2"))).isEqualTo(3000);
        assertThat(Files.size(file)).isEqualTo(1000);
        assertThat(dir.resolve("w.err.3")).doesNotExist();
    }

    @Test
    void rotatingFileAppendsToWhatAnEarlierIncarnationWrote(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("w.out"), "old\n");
        try (RotatingLogFile log = new RotatingLogFile(file, 1_000_000, 1)) {
            byte[] bytes = "new\n".getBytes(StandardCharsets.UTF_8);
            log.write(bytes, 0, bytes.length);
        }

        assertThat(Files.readString(file)).isEqualTo("old\nnew\n");
    }

    private static void feed(StderrTail tail, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        tail.accept(bytes, 0, bytes.length);
    }
}
