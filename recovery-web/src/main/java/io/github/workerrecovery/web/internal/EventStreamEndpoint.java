package io.github.workerrecovery.web.internal;

import com.sun.net.httpserver.HttpExchange;
import io.github.workerrecovery.api.event.EventSubscription;
import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.api.event.RecoveryEvents;
import io.github.workerrecovery.api.event.SubscriptionOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/v1/events}: the engine's event stream as Server-Sent Events. Each event is
 * {@code id: <sequence>}, {@code event: <type>} and {@code data: <one line of JSON>}
 * ({@link EventJson}). Where it starts:
 * <ul>
 *   <li>{@code Last-Event-ID: N} (what a browser's EventSource sends when it reconnects) or
 *       {@code ?after=N}: the kept events after N first, then live, with no gap or duplicate;
 *   <li>neither: live from now.
 * </ul>
 * When events asked for are no longer kept, or some are dropped because this client reads too
 * slowly, an {@code event: gap} says how many ({@code {"missed": n}} / {@code {"dropped": n}}):
 * the client should then reload the status. A comment line every heartbeat keeps proxies from
 * closing the stream and tells the server when the client has gone. Streams are limited (503
 * beyond); each holds one server thread while open.
 */
final class EventStreamEndpoint implements Route.Handler, AutoCloseable {

    private static final Object END = new Object();

    private final RecoveryEvents events;
    private final Semaphore slots;
    private final int maxStreams;
    private final Duration heartbeat;
    private final Set<BlockingQueue<Object>> open = ConcurrentHashMap.newKeySet();
    private final SseFrames frames = new SseFrames();
    private volatile boolean closed;

    EventStreamEndpoint(RecoveryEvents events, int maxStreams, Duration heartbeat) {
        this.events = events;
        this.maxStreams = maxStreams;
        this.slots = new Semaphore(maxStreams);
        this.heartbeat = heartbeat;
    }

    @Override
    public Reply handle(Request request) throws IOException {
        Optional<Long> after = start(request);
        if (closed) {
            throw new ApiException(503, "the server is stopping");
        }
        if (!slots.tryAcquire()) {
            throw new ApiException(503, "too many event streams open (at most " + maxStreams + ")");
        }
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        open.add(queue);
        SubscriptionOptions options = SubscriptionOptions.defaults();
        // replay from where the client was; live only when it was nowhere
        options = options.replayingAfter(after.orElseGet(events::lastSequence));
        try (EventSubscription subscription = events.subscribe(options, queue::add)) {
            stream(request.exchange(), queue, subscription);
        } finally {
            open.remove(queue);
            slots.release();
        }
        return Reply.STREAMED;
    }

    private void stream(HttpExchange exchange, BlockingQueue<Object> queue, EventSubscription subscription)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        // a reconnecting browser waits this long; the engine's events are worth a quick retry
        write(out, "retry: 1000\n\n");
        if (subscription.missed() > 0) {
            write(out, "event: gap\ndata: {\"missed\":" + subscription.missed() + "}\n\n");
        }
        long droppedReported = 0;
        while (!closed) {
            Object next;
            try {
                next = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (next == END) {
                return;
            }
            if (next == null) {
                write(out, ": keep-alive\n\n");
            } else {
                // a recovery is a burst of events: what has arrived goes out in one write and flush
                List<Object> burst = new ArrayList<>();
                burst.add(next);
                queue.drainTo(burst);
                ByteArrayOutputStream batch = new ByteArrayOutputStream();
                boolean end = false;
                for (Object item : burst) {
                    if (item == END) {
                        end = true;
                        break;
                    }
                    batch.write(frames.frame((RecoveryEvent) item));
                }
                batch.writeTo(out);
                out.flush();
                if (end) {
                    return;
                }
            }
            long dropped = subscription.dropped();
            if (dropped > droppedReported) {
                write(out, "event: gap\ndata: {\"dropped\":" + (dropped - droppedReported) + "}\n\n");
                droppedReported = dropped;
            }
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private Optional<Long> start(Request request) {
        Optional<String> header = request.header("Last-Event-ID").filter(s -> !s.isBlank());
        Optional<String> text = header.isPresent() ? header : request.query("after");
        String name = header.isPresent() ? "Last-Event-ID" : "after";
        return text.map(t -> {
            try {
                long value = Long.parseLong(t.strip());
                if (value >= 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new ApiException(400, name + " must be an event sequence number >= 0 but was '"
                    + Router.printable(t) + "'");
        });
    }

    /** @return how many streams are open now */
    int openStreams() {
        return open.size();
    }

    /** Ends every open stream. */
    @Override
    public void close() {
        closed = true;
        open.forEach(q -> q.add(END));
    }
}
