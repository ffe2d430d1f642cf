package io.github.workerrecovery.core.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * When a process started, as the kernel counts it: the boot it belongs to and the clock ticks
 * from that boot to the process's start ({@code /proc/<pid>/stat}, field 22). Both are fixed for
 * the life of the process, so the pair (pid, kernel start) names one process for good.
 *
 * <p>Why not {@link ProcessHandle.Info#startInstant()}: on Linux the JDK computes it from these
 * ticks <em>plus</em> the boot time of {@code /proc/stat}, read once per JVM, in whole seconds,
 * and itself derived from the wall clock. When the wall clock is slewed or stepped (NTP, a virtual
 * machine resumed or synchronised), the boot time a later JVM reads is a second or more off, and
 * the same process gets another start instant: a monitor restarted after that took its own live
 * worker for a reused pid and started a second one (README, soak finding 9).
 *
 * @param bootId the kernel's boot id ({@code /proc/sys/kernel/random/boot_id})
 * @param ticks clock ticks from the boot to the process's start
 */
public record KernelStart(String bootId, long ticks) {

    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    /** Index of {@code starttime} among the stat fields after the command name (field 22 of 52). */
    private static final int START_TIME_FIELD = 19;
    /** The boot id, read once: it cannot change while this JVM runs. Empty without procfs. */
    private static final Optional<String> CURRENT_BOOT = readBootId();

    /** @throws IllegalArgumentException for a blank boot id, one holding ':' or negative ticks */
    public KernelStart {
        Objects.requireNonNull(bootId, "bootId");
        if (bootId.isBlank() || bootId.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a boot id must be non-blank without ':' but was '" + bootId + "'");
        }
        if (ticks < 0) {
            throw new IllegalArgumentException("start ticks must be >= 0 but were " + ticks);
        }
    }

    /**
     * @param pid a process id
     * @return the process's kernel start; empty when it is gone or the host has no procfs
     */
    public static Optional<KernelStart> of(long pid) {
        if (CURRENT_BOOT.isEmpty()) {
            return Optional.empty();
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            // "pid (comm) state ...": comm may hold spaces and ')', so count the fields after the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new KernelStart(CURRENT_BOOT.get(), Long.parseLong(fields[START_TIME_FIELD])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads the form {@link #toString()} writes.
     *
     * @param text {@code <boot id>:<ticks>}
     * @return the kernel start
     * @throws IllegalArgumentException when the text is not of that form
     */
    public static KernelStart parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a kernel start must be '<boot id>:<ticks>' but was '" + text + "'");
        }
        try {
            return new KernelStart(text.substring(0, colon), Long.parseLong(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a kernel start must be '<boot id>:<ticks>' but was '" + text + "'", e);
        }
    }

    /** @return {@code <boot id>:<ticks>}, as {@code data/instances.json} keeps it */
    @Override
    public String toString() {
        return bootId + ":" + ticks;
    }

    private static Optional<String> readBootId() {
        try {
            String id = Files.readString(BOOT_ID, StandardCharsets.US_ASCII).strip();
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
