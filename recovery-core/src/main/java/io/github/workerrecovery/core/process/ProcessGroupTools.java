package io.github.workerrecovery.core.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The two POSIX commands that give the runtime process groups: {@code setsid} (util-linux) to
 * start a worker as the leader of its own session and group, and {@code kill} to send a signal
 * to a whole group or any signal to one pid. The JDK can send only SIGTERM and SIGKILL, and only
 * to single processes, hence the commands. Also what {@code /proc} tells (Linux) that the JDK
 * does not: a process's group and whether it is a zombie.
 */
final class ProcessGroupTools {

    /** Where the commands live when PATH is unset or odd. */
    private static final List<Path> USUAL_DIRS =
            List.of(Path.of("/usr/bin"), Path.of("/bin"), Path.of("/usr/sbin"), Path.of("/sbin"));

    /** {@code kill} returns at once; the bound only matters if the machine is badly stuck. */
    private static final long KILL_COMMAND_TIMEOUT_MS = 5_000;

    /** Whether this is Linux-like, with a {@code /proc/<pid>/stat} per process. */
    private static final boolean PROCFS = Files.isDirectory(Path.of("/proc/self"));

    private final Optional<Path> setsid;
    private final Optional<Path> kill;
    /** Group signals waiting for the next batch, by signal name. Guarded by itself. */
    private final Map<String, List<PendingSignal>> queued = new HashMap<>();
    /** Held while a batch is sent. */
    private final Object sendLock = new Object();

    /** One group's part of a batch. Fields guarded by {@link #queued}. */
    private static final class PendingSignal {
        final long pgid;
        boolean done;
        boolean ok;

        PendingSignal(long pgid) {
            this.pgid = pgid;
        }
    }

    ProcessGroupTools(Optional<Path> setsid, Optional<Path> kill) {
        this.setsid = setsid;
        this.kill = kill;
    }

    /** @return the commands found on this machine, looked up once per JVM */
    static ProcessGroupTools detect() {
        return Detected.INSTANCE;
    }

    /** Lazy holder: the PATH walk happens on first use, once. */
    private static final class Detected {
        static final ProcessGroupTools INSTANCE =
                new ProcessGroupTools(findCommand("setsid"), findCommand("kill"));
    }

    /** @return {@code setsid}, if found */
    Optional<Path> setsid() {
        return setsid;
    }

    /** @return whether workers run in their own process group that can be signalled as a whole */
    boolean groupsSupported() {
        return setsid.isPresent() && kill.isPresent();
    }

    /** @return whether any signal can be sent to a pid */
    boolean canSignal() {
        return kill.isPresent();
    }

    /**
     * Sends a signal to every member of a process group. Failures (typically "no such process"
     * once the group is empty) are expected and only returned.
     *
     * @param pgid the process group id
     * @param signal signal name without {@code SIG}
     * @return whether {@code kill} reported success
     */
    boolean signalGroup(long pgid, String signal) {
        if (SharedProcessScan.isOpen()) {
            return signalGroupBatched(pgid, signal);
        }
        try {
            return runKill(List.of("-s", signal, "--", "-" + pgid)).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * While many stops run at once (a shared scan is open), one {@code kill} command carries the
     * signal to every group that asked while the previous command ran: a thousand stops spawned
     * two thousand {@code kill} processes. A group counts as failed when {@code kill} names it,
     * or when it failed without naming any.
     */
    private boolean signalGroupBatched(long pgid, String signal) {
        PendingSignal me = new PendingSignal(pgid);
        synchronized (queued) {
            queued.computeIfAbsent(signal, k -> new ArrayList<>()).add(me);
        }
        synchronized (sendLock) {
            List<PendingSignal> batch;
            synchronized (queued) {
                if (me.done) {
                    return me.ok; // sent by the batch before
                }
                batch = queued.remove(signal);
            }
            List<String> arguments = new ArrayList<>(List.of("-s", signal, "--"));
            batch.forEach(p -> arguments.add("-" + p.pgid));
            Optional<String> failure;
            try {
                failure = runKill(arguments);
            } catch (IOException e) {
                failure = Optional.of("");
            }
            String output = failure.orElse("");
            boolean anyNamed = batch.stream().anyMatch(p -> names(output, p.pgid));
            synchronized (queued) {
                for (PendingSignal p : batch) {
                    p.ok = failure.isEmpty() || (anyNamed && !names(output, p.pgid));
                    p.done = true;
                }
                return me.ok;
            }
        }
    }

    /** Groups per {@code kill} command when many are signalled at once: a short argv, a few commands. */
    static final int GROUPS_PER_COMMAND = 512;

    /**
     * Sends one signal to many process groups with as few {@code kill} commands as possible (one
     * per {@value #GROUPS_PER_COMMAND} groups), for a stop of every worker at once. Failures
     * ("no such process" for a group already empty) are expected and only returned.
     *
     * @param pgids the process group ids
     * @param signal signal name without {@code SIG}
     * @return the groups that {@code kill} could not signal (all of a command's groups when it
     *     failed without naming any)
     */
    Set<Long> signalGroups(List<Long> pgids, String signal) {
        Set<Long> failed = new HashSet<>();
        for (int from = 0; from < pgids.size(); from += GROUPS_PER_COMMAND) {
            List<Long> chunk = pgids.subList(from, Math.min(pgids.size(), from + GROUPS_PER_COMMAND));
            List<String> arguments = new ArrayList<>(chunk.size() + 3);
            arguments.addAll(List.of("-s", signal, "--"));
            chunk.forEach(pgid -> arguments.add("-" + pgid));
            Optional<String> failure;
            try {
                failure = runKill(arguments);
            } catch (IOException e) {
                failure = Optional.of("");
            }
            if (failure.isEmpty()) {
                continue;
            }
            String output = failure.get();
            boolean anyNamed = chunk.stream().anyMatch(pgid -> names(output, pgid));
            for (long pgid : chunk) {
                if (!anyNamed || names(output, pgid)) {
                    failed.add(pgid);
                }
            }
        }
        return failed;
    }

    /** @return whether kill's output names the group ("(-123)" or "to -123 failed") */
    private static boolean names(String output, long pgid) {
        String needle = "-" + pgid;
        int from = 0;
        while (true) {
            int i = output.indexOf(needle, from);
            if (i < 0) {
                return false;
            }
            int end = i + needle.length();
            if (end >= output.length() || !Character.isDigit(output.charAt(end))) {
                return true;
            }
            from = end;
        }
    }

    /**
     * Sends a signal to one process.
     *
     * @param pid the process
     * @param signal signal name without {@code SIG}
     * @throws IOException with {@code kill}'s message when it failed
     * @throws UnsupportedOperationException when no {@code kill} command exists here
     */
    void signalProcess(long pid, String signal) throws IOException {
        Optional<String> failure = runKill(List.of("-s", signal, "--", Long.toString(pid)));
        if (failure.isPresent()) {
            throw new IOException("kill -s " + signal + " " + pid + " failed: " + failure.get());
        }
    }

    /** @return empty on success, else what {@code kill} printed and its exit code */
    private Optional<String> runKill(List<String> arguments) throws IOException {
        Path command = kill.orElseThrow(() -> new UnsupportedOperationException(
                "no 'kill' command found on PATH or in /usr/bin, /bin: cannot send signals"));
        List<String> argv = new ArrayList<>(arguments.size() + 1);
        argv.add(command.toString());
        argv.addAll(arguments);
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output;
        try (InputStream in = process.getInputStream()) {
            // kill prints at most a line; reading to EOF is bounded by its exit
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        try {
            if (!process.waitFor(KILL_COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Optional.of("timed out after " + KILL_COMMAND_TIMEOUT_MS + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + argv, e);
        }
        int code = process.exitValue();
        if (code == 0) {
            return Optional.empty();
        }
        return Optional.of((output.isEmpty() ? "" : output.replace('\n', ' ') + " ") + "(exit code " + code + ")");
    }

    /**
     * Reads the process group of a pid from {@code /proc/<pid>/stat} (Linux). Empty where there
     * is no procfs or the process is gone.
     *
     * @param pid a process id
     * @return its process group id
     */
    static OptionalLong processGroupOf(long pid) {
        return statFields(pid).map(fields -> OptionalLong.of(Long.parseLong(fields[2]))).orElse(OptionalLong.empty());
    }

    /**
     * @param pid a process id
     * @return its parent's pid and its process group id, from {@code /proc/<pid>/stat}; empty
     *     without procfs or when it is gone
     */
    static Optional<long[]> parentAndGroupOf(long pid) {
        return statFields(pid).map(fields -> new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[2])});
    }

    /**
     * Whether a process still runs. The JDK counts a zombie (dead, its exit status not yet
     * collected by its parent) as alive; a killed orphan stays one until PID 1 reaps it, which
     * some container inits do late or never. A zombie runs no code and holds no memory, files or
     * ports, so here it counts as gone. Without procfs this is {@link ProcessHandle#isAlive()}.
     *
     * @param process a process
     * @return whether it is alive and not a zombie
     */
    static boolean isRunning(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        if (!PROCFS) {
            return true;
        }
        // no stat file: it vanished since isAlive()
        return statFields(process.pid()).map(fields -> !"Z".equals(fields[0]) && !"X".equals(fields[0])).orElse(false);
    }

    /** @return the fields of {@code /proc/<pid>/stat} after the command name: state, ppid, pgrp, ... */
    private static Optional<String[]> statFields(long pid) {
        if (!PROCFS) {
            return Optional.empty();
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            // "pid (comm) state ppid pgrp ...": comm may hold spaces and ')', so split after the last ')'
            return Optional.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Lists the members of a process group by reading every process's {@code /proc} stat
     * (Linux; empty elsewhere). Costs about a millisecond per few hundred processes: for stop and
     * kill, not for a hot path.
     *
     * @param pgid the process group id
     * @return its live members
     */
    static List<ProcessHandle> groupMembers(long pgid) {
        if (!PROCFS) {
            return List.of();
        }
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(process -> processGroupOf(process.pid()).orElse(-1) == pgid).collect(Collectors.toList());
        }
    }

    /**
     * Finds an executable on the JVM's PATH, then in the usual system directories.
     *
     * @param name a command name
     * @return its path, if found
     */
    static Optional<Path> findCommand(String name) {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (!dir.isEmpty()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        dirs.addAll(USUAL_DIRS);
        for (Path dir : dirs) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
