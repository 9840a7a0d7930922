package io.github.kafkaconnectsmc.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One text frame the simulator sent on a status socket, recorded so that a test can compare what was sent with what
 * reached Kafka.
 *
 * @param socketId       the socket it went out on, numbered from 1 in handshake order
 * @param kind           what it was
 * @param subscriptionId the subscription it answered or reported on, or -1
 * @param elementPath    for {@link Kind#STATUS}, the element it reported ({@code elements/...}); otherwise null
 * @param snapshot       for {@link Kind#STATUS}, true when it is part of the snapshot sent right after a
 *                       subscription's acknowledgement, false for a change
 * @param text           the frame as sent
 * @param sentAtMicros   when it was handed to the socket, in microseconds since the epoch
 * @param sequence       for {@link Kind#STATUS} with {@link SimulatorOptions#sequenceField()} set, the number the body
 *                       carries in that field; otherwise -1
 */
public record SentFrame(int socketId, Kind kind, int subscriptionId, String elementPath, boolean snapshot,
                        String text, long sentAtMicros, long sequence) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Kind {
        /** {@code {"success":"Subscribed for status",...}}. */
        SUBSCRIBED,
        /** A snapshot or change notification. */
        STATUS,
        /** The reply to an unsubscribe. */
        UNSUBSCRIBED,
        /** {@code {"failure":...}}. */
        FAILURE,
        /** Whatever a test asked the simulator to send as it is. */
        RAW
    }

    /** The wall clock in microseconds since the epoch, as {@link #sentAtMicros()} is taken. */
    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** The status body of a {@link Kind#STATUS} frame. */
    public ObjectNode body() {
        if (kind != Kind.STATUS) {
            throw new IllegalStateException("Only status frames have a body: " + this);
        }
        try {
            return (ObjectNode) JSON.readTree(text).path("status").path("status");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
