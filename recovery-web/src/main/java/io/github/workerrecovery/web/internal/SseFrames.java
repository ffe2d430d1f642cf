package io.github.workerrecovery.web.internal;

import io.github.workerrecovery.api.event.RecoveryEvent;
import io.github.workerrecovery.json.RecoveryJson;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Server-Sent-Events frame of each event, encoded once for every open stream: with twenty
 * dashboards open, serializing each event twenty times was the bulk of what the streams cost the
 * machine the engine runs on. Keeps the frames of the latest events only (a stream that is further
 * behind encodes its own).
 */
final class SseFrames {

    private static final int KEPT = 512;

    private final Map<Long, byte[]> frames = new ConcurrentHashMap<>();

    /**
     * @param event an event
     * @return {@code id:}, {@code event:} and {@code data:} lines and the blank line, in UTF-8
     */
    byte[] frame(RecoveryEvent event) {
        long sequence = event.sequence();
        byte[] frame = frames.get(sequence);
        if (frame != null) {
            return frame;
        }
        frame = encode(event);
        if (frames.putIfAbsent(sequence, frame) == null && frames.size() > KEPT) {
            frames.keySet().removeIf(s -> s <= sequence - KEPT);
        }
        return frame;
    }

    private static byte[] encode(RecoveryEvent event) {
        try {
            String data = RecoveryJson.mapper().writeValueAsString(EventJson.of(event));
            return ("id: " + event.sequence() + "\nevent: " + event.type() + "\ndata: " + data + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
