package io.github.workerrecovery.core.process;

import io.github.workerrecovery.api.InstanceId;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The environment marks of one monitor's worker processes (see the README, "Process workers"):
 * each incarnation started gets a mark of its own, {@code <token>/<worker>#<slot>/<launch>},
 * that every process it starts inherits; adopted incarnations keep the mark their first monitor
 * gave them (it is recorded in {@code data/instances.json}). A mark stays <em>live</em> from the
 * start (or adoption) until a sweep after the incarnation's end found nothing left carrying it;
 * {@link #killLeftovers()} kills whatever still carries a live mark, for a monitor that closes.
 *
 * <p>The runtimes of one monitor share one; thread-safe.
 */
public final class ProcessMarks {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** For processes without a mark: nothing is ever issued or made live through it. */
    static final ProcessMarks UNMARKED = new ProcessMarks();

    private final String token;
    private final AtomicLong launches = new AtomicLong();
    private final Set<ProcessMark> live = ConcurrentHashMap.newKeySet();

    /** Marks under a fresh random token: no other monitor on the host issues the same ones. */
    public ProcessMarks() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        this.token = HexFormat.of().formatHex(bytes);
    }

    /** @return the token every mark issued here starts with (16 hex digits) */
    public String token() {
        return token;
    }

    /**
     * @param instance the instance about to be started
     * @return a new live mark, unique to this launch
     */
    ProcessMark issue(InstanceId instance) {
        ProcessMark mark = new ProcessMark(token + "/" + Objects.requireNonNull(instance, "instance") + "/"
                + launches.incrementAndGet());
        live.add(mark);
        return mark;
    }

    /** Makes the mark of an adopted incarnation live. */
    void adopt(ProcessMark mark) {
        live.add(mark);
    }

    /** Forgets a mark whose incarnation ended and whose processes are all gone. */
    void retire(ProcessMark mark) {
        live.remove(mark);
    }

    /** @return the live marks */
    Set<ProcessMark> live() {
        return Set.copyOf(live);
    }

    /**
     * Kills every process that still carries a live mark and forgets those marks: for a monitor
     * that has stopped its workers and closes, so that a process that left the workers' trees and
     * groups, or was started after their stops took stock, does not outlive it. Takes one pass
     * over {@code /proc} when nothing is left, a few when something was.
     *
     * @return the pids killed
     */
    public List<Long> killLeftovers() {
        if (this == UNMARKED) {
            return List.of();
        }
        Set<ProcessMark> marks = live();
        List<Long> killed = MarkedProcesses.killAll(marks.stream().map(ProcessMark::value).toList());
        live.removeAll(marks);
        return killed;
    }

    /**
     * Kills every process that carries one of these marks, for instances that ended while no
     * monitor ran (the marks come from {@code data/instances.json}).
     *
     * @param marks the marks, as recorded
     * @return the pids killed
     */
    public static List<Long> killMarked(Collection<String> marks) {
        return MarkedProcesses.killAll(marks);
    }
}
