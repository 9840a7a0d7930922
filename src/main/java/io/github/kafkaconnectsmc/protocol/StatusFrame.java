package io.github.kafkaconnectsmc.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One text frame received on the status socket, decoded by {@link StatusProtocol#decode(String)}. */
public sealed interface StatusFrame {

    /** {@code {"success":"Subscribed for status","subscription_id":N}}: the SMC accepted a command. */
    record Acknowledgement(int subscriptionId, String message) implements StatusFrame {
    }

    /** {@code {"status":{"status":{...}},"subscription_id":N}}: the status of one element, now or after a change. */
    record Notification(int subscriptionId, ObjectNode body) implements StatusFrame {
    }

    /** {@code {"failure":"<reason>"}}: the SMC refused a command (unknown context or element, bad JSON). */
    record Failure(String reason) implements StatusFrame {
    }

    /** A frame that is not JSON, or JSON of a shape the protocol does not define. */
    record Rejected(FrameRejection reason, String detail) implements StatusFrame {
    }
}
