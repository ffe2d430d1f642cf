package io.github.workerrecovery.examples.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The module rules of the reactor, checked on the main sources of every module: what
 * {@code module-info.java} would enforce if the library could use it (it cannot yet: providers are
 * found by {@link java.util.ServiceLoader} on the class path, and the tests of each module reach
 * package-private classes across jars).
 *
 * <p>A source file breaks a rule when an {@code import} (static or not) or a fully qualified name
 * in its code (comments and string literals do not count) names a package the rule forbids:
 * <ul>
 *   <li>{@code recovery-api} uses nothing but {@code java.*} and itself;</li>
 *   <li>a plug-in ({@link #PLUG_INS}) uses nothing of {@code io.github.workerrecovery.core};</li>
 *   <li>no module but {@code recovery-core} uses {@code io.github.workerrecovery.core.internal};</li>
 *   <li>{@code recovery-core} uses no class of a plug-in or a front end, nor the libraries they
 *       wrap (OSHI, the AMQP client, picocli). It may use {@code recovery-json}, which serves
 *       every module and is itself bound by the plug-in rule.</li>
 *   <li>{@code recovery-micrometer} sits on top of the core: it uses the public packages of
 *       {@code recovery-core} and {@code recovery-api} and no other module of ours; and no module
 *       below it ({@link #BELOW_METRICS}) names it or Micrometer.</li>
 *   <li>{@code recovery-web} sits on top of the core too: it uses the public packages of
 *       {@code recovery-core}, {@code recovery-api} and {@code recovery-json} and no other module of
 *       ours, nor Micrometer (it takes its scrape as text); and no module below it
 *       ({@link #BELOW_WEB}) names it.</li>
 *   <li>{@code recovery-spring-boot-starter} sits on top of both: it uses their public packages
 *       and no other module of ours; no other library module names Spring.</li>
 * </ul>
 */
final class ModuleBoundaries {

    /** Modules written against {@code recovery-api} only: the plug-ins, and the JSON mapping every module uses. */
    static final Set<String> PLUG_INS = Set.of("recovery-oshi", "recovery-rabbitmq", "recovery-json");

    /** The modules under {@code recovery-micrometer}: the engine, its SPI and the plug-ins. */
    static final Set<String> BELOW_METRICS = Set.of("recovery-api", "recovery-json", "recovery-core", "recovery-testkit",
            "recovery-oshi", "recovery-rabbitmq", "recovery-postgres");

    /** The modules under {@code recovery-web}: those under the metrics, and the metrics. */
    static final Set<String> BELOW_WEB = Set.of("recovery-api", "recovery-json", "recovery-core", "recovery-testkit",
            "recovery-oshi", "recovery-rabbitmq", "recovery-postgres", "recovery-micrometer");

    private static final String API = "io.github.workerrecovery.api";
    private static final String WEB = "io.github.workerrecovery.web";
    private static final String JSON = "io.github.workerrecovery.json";
    private static final String OURS = "io.github.workerrecovery";
    private static final String METRICS = "io.github.workerrecovery.micrometer";
    private static final String STARTER = "io.github.workerrecovery.spring";
    private static final String CORE = "io.github.workerrecovery.core";
    private static final String POSTGRES = "io.github.workerrecovery.postgres";
    private static final String CORE_INTERNAL = "io.github.workerrecovery.core.internal";

    /** Packages whose names cannot be mistaken for a variable followed by a method call. */
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.])((?:io\\.github\\.workerrecovery|io\\.micrometer|org\\.springframework|oshi|com\\.rabbitmq|picocli)(?:\\.\\w+)+)");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s");
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.]+(?:\\.\\*)?)\\s*;");

    private ModuleBoundaries() {
    }

    /** One rule: in which modules it applies, and which referenced names it forbids. */
    private record Rule(String description, Predicate<String> appliesTo, Predicate<String> forbids) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("recovery-api may use only java.* and itself",
                    "recovery-api"::equals,
                    name -> !name.startsWith("java.") && !within(name, API)),
            new Rule("a plug-in uses recovery-api only, never recovery-core",
                    PLUG_INS::contains,
                    name -> within(name, CORE)),
            new Rule("only recovery-core may use io.github.workerrecovery.core.internal",
                    module -> !module.equals("recovery-core"),
                    name -> within(name, CORE_INTERNAL)),
            new Rule("recovery-core never names a plug-in's or a front end's class",
                    "recovery-core"::equals,
                    name -> within(name, "io.github.workerrecovery.oshi") || within(name, "io.github.workerrecovery.rabbitmq")
                            || within(name, "io.github.workerrecovery.cli") || within(name, POSTGRES)
                            || within(name, "oshi") || within(name, "com.rabbitmq") || within(name, "picocli")
                            || within(name, "org.postgresql") || within(name, "com.zaxxer") || within(name, "org.flywaydb")),
            new Rule("recovery-postgres uses only the public API of recovery-core, recovery-api and recovery-json",
                    "recovery-postgres"::equals,
                    name -> within(name, OURS) && !within(name, POSTGRES) && !within(name, API) && !within(name, CORE)
                            && !within(name, JSON)),
            new Rule("recovery-micrometer uses only the public API of recovery-core and recovery-api",
                    "recovery-micrometer"::equals,
                    name -> within(name, OURS) && !within(name, METRICS) && !within(name, API) && !within(name, CORE)),
            new Rule("nothing below recovery-micrometer names it or Micrometer",
                    BELOW_METRICS::contains,
                    name -> within(name, METRICS) || within(name, "io.micrometer")),
            new Rule("recovery-web uses only the public API of recovery-core, recovery-api and recovery-json, "
                    + "and not Micrometer",
                    "recovery-web"::equals,
                    name -> (within(name, OURS) && !within(name, WEB) && !within(name, API) && !within(name, CORE)
                            && !within(name, JSON)) || within(name, "io.micrometer")),
            new Rule("nothing below recovery-web names it",
                    BELOW_WEB::contains,
                    name -> within(name, WEB)),
            new Rule("recovery-spring-boot-starter uses only the public API of recovery-core, recovery-api and recovery-micrometer",
                    "recovery-spring-boot-starter"::equals,
                    name -> within(name, OURS) && !within(name, STARTER) && !within(name, API) && !within(name, CORE)
                            && !within(name, METRICS)),
            new Rule("no library module names Spring",
                    module -> !module.equals("recovery-spring-boot-starter") && !module.startsWith("recovery-examples"),
                    name -> within(name, "org.springframework")));

    /**
     * A broken rule.
     *
     * @param file the source file, relative to the reactor root
     * @param line its 1-based line
     * @param name the package or class it names
     * @param rule the rule, in words
     */
    record Violation(Path file, int line, String name, String rule) {
        @Override
        public String toString() {
            return file + ":" + line + ": uses " + name + " (" + rule + ")";
        }
    }

    /** What a check saw: the files it read, and the rules they break. */
    record Result(int filesChecked, List<Violation> violations) {
    }

    /**
     * Checks the main sources ({@code src/main/java}) of the given modules.
     *
     * @param root the reactor root
     * @param modules module directory names under the root, e.g. {@code recovery-core}
     * @return the files read and every violation, in file order
     */
    static Result check(Path root, List<String> modules) {
        List<Violation> violations = new ArrayList<>();
        int files = 0;
        for (String module : modules) {
            List<Rule> rules = RULES.stream().filter(r -> r.appliesTo().test(module)).toList();
            Path sources = root.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(sources)) {
                for (Path file : walk.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    files++;
                    checkFile(root, file, rules, violations);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Result(files, List.copyOf(violations));
    }

    private static void checkFile(Path root, Path file, List<Rule> rules, List<Violation> out) throws IOException {
        String[] lines = codeOnly(Files.readString(file, StandardCharsets.UTF_8)).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            List<String> names = new ArrayList<>();
            if (PACKAGE.matcher(lines[i]).find()) {
                continue; // a module's own package name is no dependency
            }
            Matcher imported = IMPORT.matcher(lines[i]);
            if (imported.find()) {
                names.add(imported.group(1));
            } else {
                Matcher qualified = QUALIFIED.matcher(lines[i]);
                while (qualified.find()) {
                    names.add(qualified.group(1));
                }
            }
            for (String name : names) {
                for (Rule rule : rules) {
                    if (rule.forbids().test(name)) {
                        out.add(new Violation(root.relativize(file), i + 1, name, rule.description()));
                    }
                }
            }
        }
    }

    /** @return whether {@code name} is the package {@code pkg}, or a class or package inside it */
    private static boolean within(String name, String pkg) {
        return name.equals(pkg) || name.startsWith(pkg + ".");
    }

    /**
     * Blanks comments and string, text-block and character literals, keeping every line break so
     * that line numbers stay right: a name in a Javadoc link or a message is no dependency.
     */
    static String codeOnly(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                blank(source, i, end, out);
                i = end;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
                blank(source, i, end, out);
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                int end = Math.min(j + 1, n);
                blank(source, i, end, out);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static void blank(String source, int from, int to, StringBuilder out) {
        for (int k = from; k < to; k++) {
            out.append(source.charAt(k) == '\n' ? '\n' : ' ');
        }
    }
}
