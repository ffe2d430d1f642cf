package io.github.workerrecovery.core.patterns;

import java.util.List;

/**
 * What identifies a multi-line error: the exception type, its message (masked later like any
 * message) and the first frame of the worker's own code. Frames of the JDK, of common libraries
 * and of this library are not the worker's code, nor are Python's standard library and installed
 * packages, nor Node's internals and {@code node_modules}: the same bug reached from two places in
 * the worker's code gives two fingerprints, and the same bug with other values gives one.
 *
 * @param type the exception type, e.g. {@code java.lang.IllegalStateException} or {@code KeyError};
 *     {@value #UNKNOWN_TYPE} when the trace lost its first line
 * @param message the exception's message, possibly empty
 * @param location the worker's own frame nearest to where it was raised (Java: the first such frame
 *     of the outermost trace, else of a cause; Python: the last such frame); the nearest frame of
 *     any code when none is the worker's; {@value #NO_FRAME} when there is no frame at all
 */
record TraceFingerprint(String type, String message, String location) {

    /** The type of a trace whose first line is missing. */
    static final String UNKNOWN_TYPE = "?";

    /** The location of a trace without frames. */
    static final String NO_FRAME = "?";

    private static final String[] LIBRARY_PREFIXES = {
        "java.", "javax.", "jdk.", "sun.", "com.sun.", "jakarta.", "kotlin.", "kotlinx.", "scala.", "groovy.",
        "org.springframework.", "org.apache.", "org.eclipse.", "org.hibernate.", "com.fasterxml.", "io.netty.",
        "com.google.", "org.slf4j.", "ch.qos.logback.", "org.junit.", "reactor.", "io.reactivex.", "rx.", "okhttp3.",
        "okio.", "retrofit2.", "com.zaxxer.", "org.postgresql.", "com.mysql.", "org.mariadb.", "oracle.",
        "com.microsoft.sqlserver.", "org.h2.", "org.jboss.", "io.undertow.", "org.glassfish.", "io.grpc.",
        "io.vertx.", "akka.", "io.micrometer.", "io.opentelemetry.", "com.rabbitmq.", "org.mockito.", "net.bytebuddy.",
        "org.aspectj.", "feign.", "io.lettuce.", "redis.clients.", "org.mongodb.", "com.mongodb.", "software.amazon.",
        "com.amazonaws.", "io.github.resilience4j.", "io.quarkus.", "io.micronaut.", "org.jooq.", "org.flywaydb.",
        "liquibase.", "com.datastax.", "org.elasticsearch.", "co.elastic.", "org.yaml.", "picocli.",
        "io.github.workerrecovery.", "org.gradle.", "org.codehaus.", "com.intellij.", "worker.org.gradle."};

    private static final String[] PYTHON_LIBRARY_MARKS = {
        "/lib/python", "/lib64/python", "site-packages", "dist-packages", "<frozen ", "\\Lib\\", "<string>"};

    /**
     * @param event a multi-line event
     * @return its fingerprint
     */
    static TraceFingerprint of(ErrorEvent event) {
        return event.kind() == ErrorEvent.Kind.PYTHON_TRACEBACK ? python(event.lines()) : stackTrace(event.lines());
    }

    // ------------------------------------------------------------------ Java, Kotlin, Node

    private static TraceFingerprint stackTrace(List<String> lines) {
        String header = null;
        int from = 0;
        String first = lines.get(0);
        if (!MultiLineErrorAssembler.isJavaContinuation(first)) {
            header = first;
            from = 1;
        }
        String ownTop = null;
        String ownCause = null;
        String anyFrame = null;
        String causeLine = null;
        boolean inCause = false;
        for (int i = from; i < lines.size(); i++) {
            String t = lines.get(i).strip();
            if (t.startsWith("Caused by: ")) {
                inCause = true;
                if (causeLine == null) {
                    causeLine = t.substring("Caused by: ".length());
                }
                continue;
            }
            if (!t.startsWith("at ")) {
                continue;
            }
            String frame = frameText(t.substring(3));
            if (anyFrame == null) {
                anyFrame = frame;
            }
            if (isOwnFrame(frame)) {
                if (!inCause && ownTop == null) {
                    ownTop = frame;
                } else if (inCause && ownCause == null) {
                    ownCause = frame;
                }
            }
        }
        String location = ownTop != null ? ownTop : ownCause != null ? ownCause : anyFrame != null ? anyFrame : NO_FRAME;
        String head = header != null ? header : causeLine;
        if (head == null) {
            return new TraceFingerprint(UNKNOWN_TYPE, "", location);
        }
        String plain = stripThreadPrefix(head.strip());
        TraceFingerprint direct = typeAndMessage(plain, location);
        // a logger may have put its header before the type; "Error: ..." itself is no header
        return direct.type().equals(UNKNOWN_TYPE) ? typeAndMessage(HeaderStripper.strip(plain), location) : direct;
    }

    private static String stripThreadPrefix(String header) {
        // "Exception in thread "main" java.lang.X: ..." as printed by the default handler
        if (header.startsWith("Exception in thread \"")) {
            int close = header.indexOf('"', "Exception in thread \"".length());
            if (close > 0 && close + 1 < header.length()) {
                return header.substring(close + 1).strip();
            }
        }
        return header;
    }

    /** Cuts what loggers append after a frame ({@code ~[app.jar:1.0]}) and a module prefix. */
    private static String frameText(String frame) {
        String f = frame;
        int close = f.lastIndexOf(')');
        if (close > 0 && close + 1 < f.length()) {
            f = f.substring(0, close + 1);
        }
        return f.strip();
    }

    static boolean isOwnFrame(String frame) {
        int paren = frame.indexOf('(');
        String inside = paren >= 0 && frame.endsWith(")") ? frame.substring(paren + 1, frame.length() - 1) : "";
        if (isNodeLocation(inside) || (paren < 0 && isNodeLocation(frame))) {
            String where = paren < 0 ? frame : inside;
            return !where.startsWith("node:") && !where.contains("node_modules") && !where.startsWith("internal/");
        }
        String method = paren >= 0 ? frame.substring(0, paren) : frame;
        int slash = method.lastIndexOf('/');
        if (slash >= 0) {
            method = method.substring(slash + 1); // "java.base/java.lang.Thread.run", "app//com.acme.X.y"
        }
        for (String prefix : LIBRARY_PREFIXES) {
            if (method.startsWith(prefix)) {
                return false;
            }
        }
        return !method.isEmpty();
    }

    private static boolean isNodeLocation(String where) {
        return where.startsWith("node:") || where.startsWith("file://") || where.startsWith("internal/")
                || where.contains(".js:") || where.contains(".ts:") || where.contains(".mjs:") || where.contains(".cjs:");
    }

    // ------------------------------------------------------------------ Python

    private static TraceFingerprint python(List<String> lines) {
        int lastTraceback = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("Traceback (most recent call last):")) {
                lastTraceback = i;
            }
        }
        String own = null;
        String any = null;
        String last = null;
        for (int i = lastTraceback + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            String t = line.strip();
            if (t.startsWith("File \"")) {
                String frame = pythonFrame(t);
                any = frame;
                if (isOwnPythonFrame(t)) {
                    own = frame;
                }
            } else if (!line.isEmpty() && line.charAt(0) != ' ' && line.charAt(0) != '\t') {
                last = line; // the exception line, not indented
            }
        }
        String location = own != null ? own : any != null ? any : NO_FRAME;
        return last == null ? new TraceFingerprint(UNKNOWN_TYPE, "", location) : typeAndMessage(last.strip(), location);
    }

    /** {@code File "/app/w.py", line 12, in handle} becomes {@code /app/w.py:12 in handle}. */
    private static String pythonFrame(String t) {
        int close = t.indexOf('"', 6);
        if (close < 0) {
            return t;
        }
        String path = t.substring(6, close);
        String rest = t.substring(close + 1);
        String lineNo = "";
        String func = "";
        int l = rest.indexOf("line ");
        if (l >= 0) {
            int e = l + 5;
            while (e < rest.length() && Character.isDigit(rest.charAt(e))) {
                e++;
            }
            lineNo = rest.substring(l + 5, e);
        }
        int in = rest.indexOf(" in ");
        if (in >= 0) {
            func = rest.substring(in + 4).strip();
        }
        return path + (lineNo.isEmpty() ? "" : ":" + lineNo) + (func.isEmpty() ? "" : " in " + func);
    }

    private static boolean isOwnPythonFrame(String t) {
        for (String mark : PYTHON_LIBRARY_MARKS) {
            if (t.contains(mark)) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ both

    /** Splits {@code Type: message}; a first line that does not start with a type is all message. */
    private static TraceFingerprint typeAndMessage(String head, String location) {
        int colon = head.indexOf(':');
        int end = colon < 0 ? head.length() : colon;
        String type = head.substring(0, end);
        if (!isTypeName(type)) {
            return new TraceFingerprint(UNKNOWN_TYPE, head, location);
        }
        String message = colon < 0 ? "" : head.substring(colon + 1).strip();
        return new TraceFingerprint(type, message, location);
    }

    private static boolean isTypeName(String s) {
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isJavaIdentifierPart(c) && c != '.') {
                return false;
            }
        }
        return true;
    }
}
