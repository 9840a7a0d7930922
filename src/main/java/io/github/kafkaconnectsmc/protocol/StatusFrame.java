package io.github.kafkaconnectsmc.protocol;

/**
 * One text frame received on the status socket, decoded by {@link StatusProtocol#decode(String, StatusBodyReader)}.
 */
public sealed interface StatusFrame {

    /** {@code {"success":"Subscribed for status","subscription_id":N}}: the SMC accepted a command. */
    record Acknowledgement(int subscriptionId, String message) implements StatusFrame {
    }

    /**
     * {@code {"status":{"status":{...}},"subscription_id":N}}: the status of one element, now or after a change. Its
     * body went, field by field, to the {@link StatusBodyReader} the frame was decoded with.
     */
    record Notification(int subscriptionId) implements StatusFrame {
    }

    /** {@code {"failure":"<reason>"}}: the SMC refused a command (unknown context or element, bad JSON). */
    record Failure(String reason) implements StatusFrame {
    }

    /** A frame that is not JSON, or JSON of a shape the protocol does not define. */
    record Rejected(FrameRejection reason, String detail) implements StatusFrame {
    }
}
