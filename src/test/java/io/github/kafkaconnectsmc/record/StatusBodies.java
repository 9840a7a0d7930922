package io.github.kafkaconnectsmc.record;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.kafkaconnectsmc.protocol.StatusFrame;
import io.github.kafkaconnectsmc.protocol.StatusProtocol;
import java.util.Map;

/** Status bodies for tests, read as the connector reads them: from a whole frame, or from a bare body put in one. */
final class StatusBodies {

    private static final StatusRecordMapper MAPPER = new StatusRecordMapper("smc.status", "http://localhost:8082",
            new ElementKeyResolver(new FixedHrefDirectory(Map.of())), new SourceOffsets("http://localhost:8082"));

    private StatusBodies() {
    }

    /** {@code frameOrBody}: a notification frame, or the JSON object of a status body. */
    static StatusBody read(String frameOrBody) {
        return read(MAPPER, frameOrBody);
    }

    /** True when {@code frame} decodes to a notification. */
    static boolean isNotification(String frame) {
        return StatusProtocol.decode(frame, MAPPER.newBody(frame)) instanceof StatusFrame.Notification;
    }

    static StatusBody read(StatusRecordMapper mapper, String frameOrBody) {
        String frame = frameOrBody.startsWith("{\"status\":") ? frameOrBody
                : "{\"status\":{\"status\":" + frameOrBody + "},\"subscription_id\":0}";
        StatusBody body = mapper.newBody(frame);
        assertInstanceOf(StatusFrame.Notification.class, StatusProtocol.decode(frame, body), frame);
        return body;
    }
}
