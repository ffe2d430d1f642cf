package io.github.workerrecovery.core.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.testkit.ManualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stack traces and tracebacks: one event each, fingerprinted by type, message and own frame. */
class MultiLineErrorTest {

    private final ErrorPatternMiner miner = new ErrorPatternMiner(new ManualClock());

    private static List<String> javaTrace(String message, String caller) {
        return List.of(
                "java.lang.IllegalStateException: " + message,
                "\tat java.base/java.util.Optional.orElseThrow(Optional.java:403)",
                "\tat com.acme.orders.OrderRepository.load(OrderRepository.java:88) ~[orders.jar:1.0]",
                "\tat " + caller,
                "\tat org.springframework.aop.framework.ReflectiveMethodInvocation.proceed(ReflectiveMethodInvocation.java:186)",
                "Caused by: java.net.ConnectException: Connection refused",
                "\tat java.base/sun.nio.ch.Net.connect0(Native Method)",
                "\t... 12 more");
    }

    private static List<String> pythonTrace(String value, String ownLine) {
        return List.of(
                "Traceback (most recent call last):",
                "  File \"/app/worker.py\", line 30, in main",
                "    handle(job)",
                "  File \"/app/worker.py\", line " + ownLine + ", in handle",
                "    n = int(job.payload)",
                "  File \"/usr/lib/python3.11/json/decoder.py\", line 337, in decode",
                "    obj, end = self.raw_decode(s, idx=_w(s, 0).end())",
                "ValueError: invalid literal for int() with base 10: '" + value + "'");
    }

    @Test
    void aJavaTraceIsOneEventBetweenOtherLines() {
        List<String> lines = new ArrayList<>();
        lines.add("2026-11-29 10:00:00 ERROR [main] c.a.Orders - could not load order 42");
        lines.addAll(javaTrace("Order 42 not found", "com.acme.orders.OrderService.process(OrderService.java:41)"));
        lines.add("2026-11-29 10:00:01 INFO [main] c.a.Orders - shutting down");

        List<ErrorEvent> events = MultiLineErrorAssembler.assemble(lines);

        assertThat(events).extracting(ErrorEvent::kind).containsExactly(
                ErrorEvent.Kind.LINE, ErrorEvent.Kind.STACK_TRACE, ErrorEvent.Kind.LINE);
        assertThat(events.get(1).lines()).hasSize(8);
        TraceFingerprint f = TraceFingerprint.of(events.get(1));
        assertThat(f).isEqualTo(new TraceFingerprint("java.lang.IllegalStateException", "Order 42 not found",
                "com.acme.orders.OrderRepository.load(OrderRepository.java:88)"));
    }

    @Test
    void sameJavaBugWithOtherValuesIsOnePatternAndAnotherOwnFrameIsAnother() {
        String caller = "com.acme.orders.OrderService.process(OrderService.java:41)";
        PatternMatch a = mine(javaTrace("Order 42 not found", caller));
        PatternMatch b = mine(javaTrace("Order 977 not found", caller));
        PatternMatch elsewhere = mine(List.of(
                "java.lang.IllegalStateException: Order 5 not found",
                "\tat java.base/java.util.Optional.orElseThrow(Optional.java:403)",
                "\tat com.acme.billing.InvoiceJob.run(InvoiceJob.java:17)"));

        assertThat(b.id()).isEqualTo(a.id());
        assertThat(b.template()).isEqualTo("java.lang.IllegalStateException: Order <*> not found");
        assertThat(b.location()).isEqualTo("com.acme.orders.OrderRepository.load(OrderRepository.java:88)");
        assertThat(elsewhere.id()).isNotEqualTo(a.id());
        assertThat(elsewhere.location()).isEqualTo("com.acme.billing.InvoiceJob.run(InvoiceJob.java:17)");
    }

    @Test
    void samePythonBugWithOtherValuesIsOnePatternAndAnotherCallSiteIsAnother() {
        PatternMatch a = mine(pythonTrace("abc", "41"));
        PatternMatch b = mine(pythonTrace("x y", "41"));
        PatternMatch elsewhere = mine(pythonTrace("abc", "57"));

        assertThat(b.id()).isEqualTo(a.id());
        assertThat(b.template()).isEqualTo("ValueError: invalid literal for int() with base <*>: '<*>'");
        assertThat(b.location()).isEqualTo("/app/worker.py:41 in handle");
        assertThat(elsewhere.id()).isNotEqualTo(a.id());
        assertThat(elsewhere.location()).isEqualTo("/app/worker.py:57 in handle");
    }

    @Test
    void chainedPythonTracebacksAreOneEventNamedByTheLastException() {
        List<String> lines = List.of(
                "Traceback (most recent call last):",
                "  File \"/app/db.py\", line 12, in connect",
                "    sock.connect(addr)",
                "ConnectionRefusedError: [Errno 111] Connection refused",
                "",
                "During handling of the above exception, another exception occurred:",
                "",
                "Traceback (most recent call last):",
                "  File \"/app/worker.py\", line 9, in main",
                "    db.connect()",
                "  File \"/usr/local/lib/python3.12/site-packages/psycopg/connection.py\", line 99, in connect",
                "    raise OperationalError(msg)",
                "psycopg.OperationalError: connection to 10.0.0.5 port 5432 failed",
                "worker exiting");

        List<ErrorEvent> events = MultiLineErrorAssembler.assemble(lines);

        assertThat(events).extracting(ErrorEvent::kind).containsExactly(ErrorEvent.Kind.PYTHON_TRACEBACK, ErrorEvent.Kind.LINE);
        assertThat(TraceFingerprint.of(events.get(0))).isEqualTo(new TraceFingerprint("psycopg.OperationalError",
                "connection to 10.0.0.5 port 5432 failed", "/app/worker.py:9 in main"));
    }

    @Test
    void aTraceCutOffAtItsStartIsStillOneEvent() {
        List<ErrorEvent> events = MultiLineErrorAssembler.assemble(List.of(
                "\tat com.acme.orders.OrderService.process(OrderService.java:41)",
                "Caused by: java.net.SocketTimeoutException: Read timed out",
                "\tat java.base/java.net.SocketInputStream.read(SocketInputStream.java:1)",
                "\t... 3 more"));

        assertThat(events).hasSize(1);
        assertThat(TraceFingerprint.of(events.get(0))).isEqualTo(new TraceFingerprint("java.net.SocketTimeoutException",
                "Read timed out", "com.acme.orders.OrderService.process(OrderService.java:41)"));
    }

    @Test
    void nodeStackTracesSkipInternalsAndDependencies() {
        List<ErrorEvent> events = MultiLineErrorAssembler.assemble(List.of(
                "Error: connect ECONNREFUSED 127.0.0.1:5432",
                "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)",
                "    at Client._connect (/app/node_modules/pg/lib/client.js:132:11)",
                "    at OrdersRepo.load (/app/src/orders/repo.js:27:19)"));

        assertThat(TraceFingerprint.of(events.get(0))).isEqualTo(new TraceFingerprint("Error",
                "connect ECONNREFUSED 127.0.0.1:5432", "OrdersRepo.load (/app/src/orders/repo.js:27:19)"));
    }

    @Test
    void anEventKeepsAtMostItsCapOfLines() {
        List<String> lines = new ArrayList<>();
        lines.add("java.lang.StackOverflowError");
        for (int i = 0; i < 1000; i++) {
            lines.add("\tat com.acme.Recursive.call(Recursive.java:" + i + ")");
        }
        List<ErrorEvent> events = MultiLineErrorAssembler.assemble(lines);

        assertThat(events).hasSize(1);
        assertThat(events.get(0).lines()).hasSize(MultiLineErrorAssembler.MAX_EVENT_LINES);
        assertThat(events.get(0).lines().get(0)).isEqualTo("java.lang.StackOverflowError");
    }

    private PatternMatch mine(List<String> lines) {
        List<ErrorEvent> events = MultiLineErrorAssembler.assemble(lines);
        assertThat(events).hasSize(1);
        return miner.add(events.get(0)).orElseThrow();
    }
}
