package io.github.workerrecovery.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard's files, from the jar ({@code io/github/workerrecovery/web/ui/}): {@code /} is
 * {@code index.html}, {@code /login} {@code login.html}, {@code /ui/<name>} one of a fixed list, so that no request can name any
 * other resource. Read once, kept in memory: the dashboard fetches nothing from the internet.
 */
final class StaticAssets {

    static final String BASE = "/io/github/workerrecovery/web/ui/";
    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "login.html", "text/html; charset=utf-8",
            "login.js", "text/javascript; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final Map<String, Reply> assets;

    StaticAssets() {
        Map<String, Reply> loaded = new java.util.HashMap<>();
        TYPES.forEach((name, type) -> loaded.put(name, new Reply(200, type, read(BASE + name))));
        this.assets = Map.copyOf(loaded);
    }

    Reply index() {
        return assets.get("index.html");
    }

    Reply asset(String name) {
        Reply reply = assets.get(name);
        if (reply == null) {
            throw new ApiException(404, "no such dashboard file: " + Router.printable(name));
        }
        return reply;
    }

    static byte[] read(String resource) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource missing from the jar: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
