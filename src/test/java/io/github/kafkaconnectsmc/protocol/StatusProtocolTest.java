package io.github.kafkaconnectsmc.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.kafkaconnectsmc.SampleFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusProtocolTest {

    @Test
    void subscribeCommandsHaveTheDocumentedWireForm() {
        assertEquals("{\"context\":\"fw_single\"}", StatusProtocol.subscribeCommand(Subscription.context("fw_single")));
        assertEquals("{\"element\":\"http://localhost:8082/7.2.1/elements/single_fw/1649/firewall_node/1650\"}",
                StatusProtocol.subscribeCommand(
                        Subscription.element("http://localhost:8082/7.2.1/elements/single_fw/1649/firewall_node/1650")));
    }

    @Test
    void subscribeCommandEscapesTheTargetAsJson() {
        assertEquals("{\"context\":\"a\\\"b\"}", StatusProtocol.subscribeCommand(Subscription.context("a\"b")));
    }

    @Test
    void unsubscribeCommandNamesTheSubscriptionId() {
        assertEquals("{\"unsubscribe\":5}", StatusProtocol.unsubscribeCommand(5));
    }

    @Test
    void decodesAnAcknowledgement() {
        StatusFrame frame = StatusProtocol.decode(SampleFrames.containing("Subscribed for status"));
        assertEquals(new StatusFrame.Acknowledgement(0, "Subscribed for status"), frame);
    }

    @Test
    void decodesTheNestedStatusBodyOfANotification() {
        StatusFrame.Notification notification = assertInstanceOf(StatusFrame.Notification.class,
                StatusProtocol.decode(SampleFrames.containing("Plano node 1")));
        assertEquals(0, notification.subscriptionId());
        assertEquals("Plano node 1", notification.body().get("name").asText());
        assertEquals("READY", notification.body().get("monitoring_state").asText());
    }

    @Test
    void aFlatPre65BodyWhoseStatusFieldIsTextIsTheBodyItself() {
        StatusFrame.Notification notification = assertInstanceOf(StatusFrame.Notification.class, StatusProtocol.decode(
                "{\"status\":{\"state\":\"READY\",\"status\":\"OK\",\"name\":\"Old node\"},\"subscription_id\":2}"));
        assertEquals("OK", notification.body().get("status").asText());
        assertEquals("Old node", notification.body().get("name").asText());
    }

    @Test
    void decodesAFailureReply() {
        assertEquals(new StatusFrame.Failure("Unknown context: fw_singel"),
                StatusProtocol.decode(SampleFrames.containing("fw_singel")));
    }

    @Test
    void aFailureThatIsNotTextKeepsItsJson() {
        assertEquals(new StatusFrame.Failure("{\"code\":7}"), StatusProtocol.decode("{\"failure\":{\"code\":7}}"));
    }

    @Test
    void aFrameThatIsNotJsonIsRejectedNotThrown() {
        assertRejected(FrameRejection.NOT_JSON, SampleFrames.containing("not json at all"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[1,2]", "\"text\"", "42"})
    void jsonThatIsNotAnObjectIsRejected(String frame) {
        assertRejected(FrameRejection.NOT_JSON, frame);
    }

    @Test
    void anObjectOfUnknownShapeIsRejected() {
        assertRejected(FrameRejection.UNKNOWN_SHAPE, SampleFrames.containing("something_else"));
    }

    @Test
    void aStatusThatIsNotAnObjectIsRejected() {
        assertRejected(FrameRejection.MALFORMED_STATUS, SampleFrames.containing("not-an-object"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"status\":{\"status\":{\"name\":\"x\"}},\"subscription_id\":\"5\"}",
            "{\"status\":{\"status\":{\"name\":\"x\"}},\"subscription_id\":1.5}",
            "{\"status\":{\"status\":{\"name\":\"x\"}},\"subscription_id\":99999999999}",
            "{\"status\":{\"status\":{\"name\":\"x\"}}}"})
    void aNotificationWithoutAnIntegerSubscriptionIdIsRejected(String frame) {
        assertRejected(FrameRejection.MALFORMED_STATUS, frame);
    }

    private static void assertRejected(FrameRejection reason, String frame) {
        StatusFrame.Rejected rejected = assertInstanceOf(StatusFrame.Rejected.class, StatusProtocol.decode(frame));
        assertEquals(reason, rejected.reason());
    }
}
