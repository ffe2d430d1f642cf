package io.github.workerrecovery.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** {@link RepeatedWriteLog}: one WARN per run of failed writes, one INFO when writing works again. */
class RepeatedWriteLogTest {

    private final RecordingLogger log = new RecordingLogger();
    private final RepeatedWriteLog writes = new RepeatedWriteLog(log, "data/recovery_patterns.json");

    @Test
    void aRunOfFailuresIsOneWarningAndTheWriteThatWorksAgainIsOneInfo() {
        IOException full = new IOException("No space left on device");

        writes.failed(full);
        writes.failed(full);
        writes.failed(full);
        writes.succeeded();
        writes.succeeded();

        assertThat(log.lines).containsExactly(
                "WARN could not write data/recovery_patterns.json: IOException: No space left on device (kept in memory"
                        + " and written with the next change; further failures are logged at DEBUG until a write works)",
                "DEBUG write 1 of data/recovery_patterns.json failed +stack",
                "DEBUG write 2 of data/recovery_patterns.json failed +stack",
                "DEBUG write 3 of data/recovery_patterns.json failed +stack",
                "INFO data/recovery_patterns.json written again after 3 failed write(s)");
        assertThat(writes.failures()).isZero();
    }

    @Test
    void aNewRunOfFailuresWarnsAgainWithTheFirstLineOfItsCauseOnly() {
        writes.failed(new IOException("first"));
        writes.succeeded();
        log.lines.clear();

        writes.failed(new IOException("disk quota exceeded\n\tat somewhere"));

        assertThat(log.lines).first().asString()
                .isEqualTo("WARN could not write data/recovery_patterns.json: IOException: disk quota exceeded (kept in"
                        + " memory and written with the next change; further failures are logged at DEBUG until a write works)");
        assertThat(writes.failures()).isEqualTo(1);
    }

    /** Keeps what is logged, one line per call: level, formatted message, and whether a stack came with it. */
    private static final class RecordingLogger extends AbstractLogger {
        final List<String> lines = new ArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                                   Throwable throwable) {
            lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, arguments)
                    + (throwable == null ? "" : " +stack"));
        }

        @Override
        public String getName() {
            return "recording";
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isTraceEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled(Marker marker) {
            return true;
        }
    }
}
