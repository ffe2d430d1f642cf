package io.github.workerrecovery.core.process;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Recognises a worker's processes among all those running, from what the JDK tells of each
 * ({@link ProcessHandle.Info}: command line, executable, user). The JDK reads this itself
 * ({@code /proc} on Linux), so discovery needs no native library and the core stays free of OSHI.
 *
 * <p>A process matches when every criterion given matches: the command-line pattern is searched
 * for in {@link ProcessHandle.Info#commandLine()} (the resolved executable and the arguments
 * joined by spaces, e.g. {@code /usr/bin/python3 server.py --port 8080}); the name equals the
 * executable's file name; the user equals {@link ProcessHandle.Info#user()}. A process the JDK
 * cannot describe (it vanished while being listed, or belongs to another user and is not
 * readable) has empty fields and matches no criterion. This JVM never matches. Immutable and
 * thread-safe.
 */
public final class ProcessMatcher {

    private final Optional<Pattern> commandLine;
    private final Optional<String> name;
    private final Optional<String> user;

    /**
     * @param commandLine searched for in the command line, if given
     * @param name the executable's file name, if given
     * @param user the user's name, if given
     * @throws IllegalArgumentException when neither a command line nor a name is given
     */
    public ProcessMatcher(Optional<Pattern> commandLine, Optional<String> name, Optional<String> user) {
        this.commandLine = Objects.requireNonNull(commandLine, "commandLine");
        this.name = Objects.requireNonNull(name, "name");
        this.user = Objects.requireNonNull(user, "user");
        if (commandLine.isEmpty() && name.isEmpty()) {
            throw new IllegalArgumentException("a process matcher needs a command-line pattern or a name");
        }
    }

    /**
     * @param process any process
     * @return whether it is one of the worker's
     */
    public boolean matches(ProcessHandle process) {
        if (process.pid() == ProcessHandle.current().pid()) {
            return false;
        }
        ProcessHandle.Info info = process.info();
        if (name.isPresent() && !name.equals(executableName(info))) {
            return false;
        }
        if (user.isPresent() && !user.equals(info.user())) {
            return false;
        }
        return commandLine.isEmpty() || info.commandLine().map(line -> commandLine.get().matcher(line).find()).orElse(false);
    }

    /**
     * Lists the matching processes that run now, oldest first (then by pid), leaving out zombies
     * and the pids in {@code exclude}. A process that ends while being listed is simply not in
     * the result; a match whose parent matches too (a forked child that has not yet run its own
     * command) is part of its parent, not a process of its own.
     *
     * @param exclude pids already taken, e.g. by other instances
     * @return the matches
     */
    public List<ProcessHandle> findRunning(Set<Long> exclude) {
        Map<ProcessHandle, Instant> found = new HashMap<>();
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            all.filter(p -> !exclude.contains(p.pid()) && matches(p) && ProcessGroupTools.isRunning(p))
                    .forEach(p -> found.put(p, p.info().startInstant().orElse(Instant.MAX)));
        }
        // a match whose parent matches too is that process between fork and exec (a shell script
        // starting its next command), not another worker
        found.keySet().removeIf(p -> p.parent().filter(found::containsKey).isPresent());
        List<ProcessHandle> oldestFirst = new ArrayList<>(found.keySet());
        oldestFirst.sort(Comparator.comparing((ProcessHandle p) -> found.get(p)).thenComparingLong(ProcessHandle::pid));
        return oldestFirst;
    }

    private static Optional<String> executableName(ProcessHandle.Info info) {
        Optional<String> executable = info.command()
                .or(() -> info.commandLine().map(line -> line.split(" ", 2)[0]));
        return executable.filter(e -> !e.isEmpty()).map(ProcessMatcher::fileName);
    }

    private static String fileName(String executable) {
        try {
            Path file = Path.of(executable).getFileName();
            return file == null ? executable : file.toString();
        } catch (java.nio.file.InvalidPathException e) {
            return executable; // not a path the JDK accepts: compare it whole
        }
    }

    /** @return the criteria, e.g. {@code command_line /gunicorn/, user www} */
    @Override
    public String toString() {
        return Stream.of(commandLine.map(p -> "command_line /" + p.pattern() + "/"), name.map(n -> "name " + n),
                        user.map(u -> "user " + u))
                .flatMap(Optional::stream).collect(Collectors.joining(", "));
    }
}
