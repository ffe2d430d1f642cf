package io.github.workerrecovery.testkit;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HealthProbe;
import io.github.workerrecovery.api.HealthSignal;
import io.github.workerrecovery.api.HealthStatus;
import io.github.workerrecovery.api.PluginSettings;
import io.github.workerrecovery.api.ProbeContext;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A probe whose answers a test scripts, per worker: a sticky status, a queue of one-shot
 * answers, a throw, or a hang (until {@link #release()}). Applies to every instance. Thread-safe.
 *
 * <pre>{@code
 * FakeProbe probe = new FakeProbe("fake");
 * probe.status("consumer", HealthStatus.CRITICAL, FailureKind.UNRESPONSIVE);
 * probe.once("consumer", HealthStatus.HEALTHY, null);   // the next check only
 * }</pre>
 */
public final class FakeProbe implements HealthProbe {

    private interface Answer {
        HealthSignal answer(ProbeContext ctx) throws Exception;
    }

    private final String name;
    private final Map<String, Answer> sticky = new ConcurrentHashMap<>();
    private final Map<String, Deque<Answer>> once = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> checks = new ConcurrentHashMap<>();
    private volatile CountDownLatch hang = new CountDownLatch(1);
    private volatile Duration observationWindow = Duration.ZERO;

    /** @param name the probe's name */
    public FakeProbe(String name) {
        this.name = Objects.requireNonNull(name);
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Makes the probe act like one that judges a rate over a window: the verification of a
     * failure it raised watches this long before a healthy answer counts.
     *
     * @param window the window, zero (the default) or more
     * @return this
     */
    public FakeProbe observationWindow(Duration window) {
        this.observationWindow = Objects.requireNonNull(window, "window");
        return this;
    }

    @Override
    public Duration observationWindow(PluginSettings workerSettings) {
        return observationWindow;
    }

    /**
     * Every check of the worker's instances answers this (until changed).
     *
     * @param worker the worker id
     * @param status the verdict
     * @param failure the failure kind for a problem status, else null
     * @return this
     */
    public FakeProbe status(String worker, HealthStatus status, FailureKind failure) {
        sticky.put(worker, ctx -> signal(ctx, status, failure));
        return this;
    }

    /**
     * Every check of the worker's instances answers this problem, with the error lines a probe
     * saw (as {@code error_rate} reports a worker's recent errors): the engine mines them into an
     * error pattern, which is what a shared outage is recognised by.
     *
     * @param worker the worker id
     * @param status the verdict, a problem
     * @param failure the failure kind
     * @param errors the error lines, oldest first
     * @return this
     */
    public FakeProbe status(String worker, HealthStatus status, FailureKind failure, List<String> errors) {
        List<String> lines = List.copyOf(errors);
        sticky.put(worker, ctx -> signal(ctx, status, failure).withErrors(lines));
        return this;
    }

    /**
     * The next check of the worker answers this; later checks go back to the sticky answer.
     * One-shot answers queue up in order.
     *
     * @param worker the worker id
     * @param status the verdict
     * @param failure the failure kind for a problem status, else null
     * @return this
     */
    public FakeProbe once(String worker, HealthStatus status, FailureKind failure) {
        once.computeIfAbsent(worker, k -> new ArrayDeque<>()).add(ctx -> signal(ctx, status, failure));
        return this;
    }

    /**
     * Every check of the worker throws this.
     *
     * @param worker the worker id
     * @param error what to throw
     * @return this
     */
    public FakeProbe throwing(String worker, RuntimeException error) {
        sticky.put(worker, ctx -> {
            throw error;
        });
        return this;
    }

    /**
     * Every check of the worker blocks until {@link #release()} (an overrunning probe).
     *
     * @param worker the worker id
     * @return this
     */
    public FakeProbe hanging(String worker) {
        sticky.put(worker, ctx -> {
            ManualScheduler.parkCurrentWork();
            hang.await();
            return signal(ctx, HealthStatus.HEALTHY, null);
        });
        return this;
    }

    /** Releases every hanging check. */
    public void release() {
        CountDownLatch old = hang;
        hang = new CountDownLatch(1);
        old.countDown();
    }

    /**
     * @param worker the worker id
     * @return how many checks of that worker's instances ran
     */
    public int checks(String worker) {
        AtomicInteger n = checks.get(worker);
        return n == null ? 0 : n.get();
    }

    @Override
    public HealthSignal check(ProbeContext ctx) throws Exception {
        String worker = ctx.instance().id().worker().value();
        checks.computeIfAbsent(worker, k -> new AtomicInteger()).incrementAndGet();
        Deque<Answer> queued = once.get(worker);
        Answer a = null;
        if (queued != null) {
            synchronized (queued) {
                a = queued.poll();
            }
        }
        if (a == null) {
            a = sticky.getOrDefault(worker, c -> signal(c, HealthStatus.HEALTHY, null));
        }
        return a.answer(ctx);
    }

    private HealthSignal signal(ProbeContext ctx, HealthStatus status, FailureKind failure) {
        if (status == HealthStatus.HEALTHY) {
            return HealthSignal.healthy(name, ctx.time().now());
        }
        if (status == HealthStatus.UNKNOWN) {
            return HealthSignal.unknown(name, "scripted unknown", ctx.time().now());
        }
        return HealthSignal.problem(name, status, failure == null ? FailureKind.UNKNOWN : failure,
                "scripted " + status.name().toLowerCase(java.util.Locale.ROOT), ctx.time().now());
    }
}
