package io.github.kafkaconnectsmc.protocol;

/** Why a received frame did not become a record. Each reason is counted and logged; none is fatal. */
public enum FrameRejection {
    /** The frame is not JSON. */
    NOT_JSON,
    /** JSON, but neither an acknowledgement, a notification nor a failure. */
    UNKNOWN_SHAPE,
    /** A notification whose status body is not a JSON object, or whose subscription id is not a number. */
    MALFORMED_STATUS,
    /** A notification for a subscription id this socket never received an acknowledgement for. */
    UNKNOWN_SUBSCRIPTION,
    /** A {@code {"failure":...}} reply from the SMC. */
    FAILURE_REPLY,
    /** A frame larger than {@code smc.frame.max.bytes}. */
    TOO_LARGE,
    /**
     * A notification the connector failed to turn into a record: not the frame's fault but a defect of the
     * connector's, logged with its stack trace so that it can be reported.
     */
    NOT_MAPPED
}
