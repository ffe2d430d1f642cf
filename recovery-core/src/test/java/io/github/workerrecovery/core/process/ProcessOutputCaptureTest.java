package io.github.workerrecovery.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.workerrecovery.testkit.ManualClock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pieces of output capture without a process: the stderr line splitter, a followed log with
 * its copytruncate rotation (the test writes the files as a worker would), and the follower thread.
 */
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
    void errorRateSinceAnInstantCountsOnlyTheErrorsAfterIt() {
        StderrTail tail = new StderrTail(10, Optional.of(ProcessSpec.DEFAULT_ERROR_PATTERN), clock);
        feed(tail, "ERROR one\nERROR two\n");
        Instant action = clock.now(); // lines read at the action's instant came before it
        feed(tail, "ERROR three\n");
        clock.advance(Duration.ofSeconds(10));
        feed(tail, "ERROR four\nfine\n");

        assertThat(tail.errorsPerMinute()).hasValue(4.0);
        assertThat(tail.errorsPerMinuteSince(action)).hasValue(1.0);
        assertThat(tail.errorsPerMinuteSince(clock.now())).hasValue(0.0);
        assertThat(tail.errorsPerMinuteSince(action.minusSeconds(1))).hasValue(4.0);

        clock.advance(Duration.ofSeconds(60)); // "four" is a minute old: out of the window whatever the instant
        assertThat(tail.errorsPerMinuteSince(action)).hasValue(0.0);
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
    void copyTruncateKeepsEveryByteAndAtMostMaxFilesWhileTheWriterAppendsToTheSameFile(@TempDir Path dir)
            throws IOException {
        Path err = dir.resolve("w.err");
        Path out = dir.resolve("w.out");
        StderrTail tail = new StderrTail(20, Optional.empty(), clock);
        FollowedLog log = FollowedLog.open(err, out, tail, 2500, 2, true);
        ByteBuffer buffer = ByteBuffer.allocate(FollowedLog.CHUNK_BYTES);
        // the worker's side: one descriptor in append mode, kept open across every rotation
        try (OutputStream worker = Files.newOutputStream(err, StandardOpenOption.APPEND)) {
            for (int block = 1; block <= 10; block++) {
                worker.write(block(block));
                log.poll(buffer);
            }
        }

        // a rotation when a poll finds 2500 bytes or more: after blocks 3, 6 and 9
        assertThat(Files.readString(CopyTruncateRotation.numbered(err, 2))).isEqualTo(blocks(4, 6));
        assertThat(Files.readString(CopyTruncateRotation.numbered(err, 1))).isEqualTo(blocks(7, 9));
        // the truncated file goes on at offset 0: append mode, no hole where the old bytes were
        assertThat(Files.readString(err)).isEqualTo(blocks(10, 10));
        assertThat(CopyTruncateRotation.numbered(err, 3)).doesNotExist();
        // the tail missed nothing, not even a block that arrived in the poll that rotated
        assertThat(tail.lines()).containsExactly(lines(1, 10));
    }

    @Test
    void bytesWrittenAfterTheLastReadAreFedFromTheCopyWhenTheFileRotates(@TempDir Path dir) throws IOException {
        Path err = dir.resolve("w.err");
        StderrTail tail = new StderrTail(20, Optional.empty(), clock);
        FollowedLog log = FollowedLog.open(err, dir.resolve("w.out"), tail, 2500, 1, true);
        ByteBuffer buffer = ByteBuffer.allocate(FollowedLog.CHUNK_BYTES);

        Files.write(err, block(1), StandardOpenOption.APPEND);
        log.poll(buffer);
        Files.write(err, blocks(2, 3).getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        log.poll(buffer);

        assertThat(tail.lines()).containsExactly(lines(1, 3));
        assertThat(Files.readString(CopyTruncateRotation.numbered(err, 1))).isEqualTo(blocks(1, 3));
        assertThat(Files.size(err)).isZero();
    }

    @Test
    void stdoutFilesRotateTooWithoutBeingRead(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("w.out");
        StderrTail tail = new StderrTail(20, Optional.empty(), clock);
        FollowedLog log = FollowedLog.open(dir.resolve("w.err"), out, tail, 2500, 3, true);
        ByteBuffer buffer = ByteBuffer.allocate(FollowedLog.CHUNK_BYTES);

        Files.write(out, blocks(1, 3).getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        log.poll(buffer);

        assertThat(Files.readString(CopyTruncateRotation.numbered(out, 1))).isEqualTo(blocks(1, 3));
        assertThat(Files.size(out)).isZero();
        assertThat(tail.lines()).isEmpty();
    }

    @Test
    void followingStartsAtTheEndOfWhatEarlierIncarnationsWroteAndFinishReadsTheRest(@TempDir Path dir)
            throws IOException {
        Path err = Files.writeString(dir.resolve("w.err"), "old\n");
        StderrTail tail = new StderrTail(20, Optional.empty(), clock);
        FollowedLog log = FollowedLog.open(err, dir.resolve("w.out"), tail, 1_000_000, 1, true);
        ByteBuffer buffer = ByteBuffer.allocate(FollowedLog.CHUNK_BYTES);

        log.poll(buffer);
        assertThat(tail.lines()).isEmpty();
        Files.writeString(err, "new\nlast words without newline", StandardOpenOption.APPEND);
        log.poll(buffer);
        assertThat(tail.lines()).containsExactly("new");
        Files.writeString(err, ", written before the exit", StandardOpenOption.APPEND);
        log.finish();

        assertThat(tail.lines()).containsExactly("new", "last words without newline, written before the exit");
        assertThat(log.isOpen()).isFalse();
        assertThat(Files.readString(err)).isEqualTo("old\nnew\nlast words without newline, written before the exit");
    }

    @Test
    void aLogSupersededByANewerIncarnationEndsWhereTheNewerStarts(@TempDir Path dir) throws IOException {
        Path err = dir.resolve("w.err");
        Path out = dir.resolve("w.out");
        StderrTail oldTail = new StderrTail(20, Optional.empty(), clock);
        StderrTail newTail = new StderrTail(20, Optional.empty(), clock);
        FollowedLog old = FollowedLog.open(err, out, oldTail, 1_000_000, 1, true);
        Files.writeString(err, "last of the old\n", StandardOpenOption.APPEND);

        FollowedLog newer = FollowedLog.open(err, out, newTail, 1_000_000, 1, true);
        old.supersede(newer.position());
        Files.writeString(err, "first of the new\n", StandardOpenOption.APPEND);
        old.finish();
        newer.poll(ByteBuffer.allocate(FollowedLog.CHUNK_BYTES));

        assertThat(oldTail.lines()).containsExactly("last of the old");
        assertThat(newTail.lines()).containsExactly("first of the new");
    }

    @Test
    void oneFollowerThreadFollowsManyLogsAndEndsWhenNoneIsLeftOrWhenClosed(@TempDir Path dir) throws IOException {
        String name = "recovery-log-follower " + dir;
        LogFollower follower = new LogFollower(name, Duration.ofMillis(5));
        List<FollowedLog> logs = new ArrayList<>();
        for (int slot = 0; slot < 20; slot++) {
            FollowedLog log = FollowedLog.open(dir.resolve(slot + ".err"), dir.resolve(slot + ".out"),
                    new StderrTail(5, Optional.empty(), clock), 1_000_000, 1, true);
            follower.follow(log);
            logs.add(log);
            Files.writeString(dir.resolve(slot + ".err"), "hello " + slot + "\n", StandardOpenOption.APPEND);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> logs.stream().allMatch(l -> l.tail().lines().size() == 1));
        assertThat(threadsNamed(name)).isEqualTo(1);
        assertThat(logs.get(19).tail().lines()).containsExactly("hello 19");

        logs.forEach(FollowedLog::finish);
        await().atMost(Duration.ofSeconds(10)).until(() -> !follower.running() && threadsNamed(name) == 0);
        assertThat(follower.followedCount()).isZero();

        // a new worker brings the thread back; close ends it for good and lets go of the files
        FollowedLog later = FollowedLog.open(dir.resolve("later.err"), dir.resolve("later.out"),
                new StderrTail(5, Optional.empty(), clock), 1_000_000, 1, true);
        follower.follow(later);
        assertThat(follower.running()).isTrue();
        follower.close();
        assertThat(follower.running()).isFalse();
        assertThat(threadsNamed(name)).isZero();
        assertThat(later.isOpen()).isFalse();

        // after close: not followed, no thread, but still read once at the worker's exit
        FollowedLog afterClose = FollowedLog.open(dir.resolve("after.err"), dir.resolve("after.out"),
                new StderrTail(5, Optional.empty(), clock), 1_000_000, 1, true);
        follower.follow(afterClose);
        assertThat(follower.running()).isFalse();
        assertThat(follower.followedCount()).isZero();
        Files.writeString(dir.resolve("after.err"), "bye\n", StandardOpenOption.APPEND);
        afterClose.finish();
        assertThat(afterClose.tail().lines()).containsExactly("bye");
    }

    private static long threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).count();
    }

    /** Block {@code n}: 1000 bytes, one line. */
    private static byte[] block(int n) {
        String text = "block " + n + " ";
        return (text + "z".repeat(999 - text.length()) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String blocks(int first, int last) {
        StringBuilder all = new StringBuilder();
        for (int n = first; n <= last; n++) {
            all.append(new String(block(n), StandardCharsets.US_ASCII));
        }
        return all.toString();
    }

    private static String[] lines(int first, int last) {
        return blocks(first, last).split("\n");
    }

    private static void feed(StderrTail tail, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        tail.accept(bytes, 0, bytes.length);
    }
}
