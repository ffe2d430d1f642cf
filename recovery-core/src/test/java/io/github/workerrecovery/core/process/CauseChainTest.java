package io.github.workerrecovery.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class CauseChainTest {

    @Test
    void namesEachCauseOutermostFirst() {
        Throwable failure = new UncheckedIOException("cannot poll", new IOException("disk full"));

        assertThat(CauseChain.of(failure)).isEqualTo("UncheckedIOException: cannot poll; caused by: IOException: disk full");
    }

    @Test
    void aThrowableWithoutMessageIsItsClassName() {
        assertThat(CauseChain.of(new StackOverflowError())).isEqualTo("StackOverflowError");
    }

    @Test
    void aLongOrCircularChainIsCut() {
        IOException a = new IOException("a");
        IOException b = new IOException("b", a);
        a.initCause(b);
        Throwable deep = new RuntimeException("1", new RuntimeException("2", new RuntimeException("3",
                new RuntimeException("4", new RuntimeException("5", new RuntimeException("6"))))));

        assertThat(CauseChain.of(b)).isEqualTo("IOException: b; caused by: IOException: a");
        assertThat(CauseChain.of(deep)).isEqualTo("RuntimeException: 1; caused by: RuntimeException: 2; caused by:"
                + " RuntimeException: 3; caused by: RuntimeException: 4; caused by: RuntimeException: 5; ...");
    }
}
