package io.github.kafkaconnectsmc.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.kafkaconnectsmc.SampleFrames;
import java.util.List;
import java.util.Map;
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
        StatusFrame frame = decode(SampleFrames.containing("Subscribed for status"));
        assertEquals(new StatusFrame.Acknowledgement(0, "Subscribed for status"), frame);
    }

    @Test
    void decodesTheNestedStatusBodyOfANotification() {
        CollectedBody body = new CollectedBody();
        StatusFrame.Notification notification = assertInstanceOf(StatusFrame.Notification.class,
                StatusProtocol.decode(SampleFrames.containing("Plano node 1"), body));
        assertEquals(0, notification.subscriptionId());
        assertEquals(Map.of("name", "\"Plano node 1\"", "monitoring_state", "\"READY\"", "monitoring_status", "\"OK\""),
                body.fields);
    }

    @Test
    void theBodyMayComeAfterTheSubscriptionId() {
        CollectedBody body = new CollectedBody();
        assertEquals(new StatusFrame.Notification(3),
                StatusProtocol.decode("{\"subscription_id\":3,\"status\":{\"status\":{\"name\":\"n\"}}}", body));
        assertEquals(Map.of("name", "\"n\""), body.fields);
    }

    @Test
    void aFlatPre65BodyWhoseStatusFieldIsTextIsTheBodyItself() {
        CollectedBody body = new CollectedBody();
        assertInstanceOf(StatusFrame.Notification.class, StatusProtocol.decode(
                "{\"status\":{\"state\":\"READY\",\"status\":\"OK\",\"name\":\"Old node\"},\"subscription_id\":2}", body));
        assertEquals(List.of("state", "status", "name"), List.copyOf(body.fields.keySet()));
        assertEquals("\"OK\"", body.fields.get("status"));
    }

    @Test
    void aNestedBodyReplacesWrapperFieldsReadBeforeItAndIgnoresThoseAfterIt() {
        CollectedBody body = new CollectedBody();
        assertInstanceOf(StatusFrame.Notification.class, StatusProtocol.decode(
                "{\"status\":{\"name\":\"wrapper\",\"status\":{\"name\":\"inner\",\"result\":[]},\"extra\":1},"
                        + "\"subscription_id\":2}", body));
        assertEquals(Map.of("name", "\"inner\"", "result", "[]"), body.fields);
    }

    @Test
    void decodesAFailureReply() {
        assertEquals(new StatusFrame.Failure("Unknown context: fw_singel"),
                decode(SampleFrames.containing("fw_singel")));
    }

    @Test
    void aFailureThatIsNotTextKeepsItsJson() {
        assertEquals(new StatusFrame.Failure("{\"code\":7}"), decode("{\"failure\": {\"code\" : 7}}"));
    }

    @Test
    void aFrameThatIsNotJsonIsRejectedNotThrown() {
        assertRejected(FrameRejection.NOT_JSON, SampleFrames.containing("not json at all"));
    }

    @Test
    void aFrameCutOffInsideTheBodyIsRejectedAsNotJson() {
        assertRejected(FrameRejection.NOT_JSON, "{\"status\":{\"status\":{\"name\":\"Plano node 1\",\"monitoring_st");
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

    @ParameterizedTest
    @ValueSource(strings = {"{\"success\":\"Unsubscribed from status\"}",
            "{\"success\":\"Subscribed for status\",\"subscription_id\":\"3\"}"})
    void aSuccessReplyWithoutAnIntegerSubscriptionIdIsRejectedForWhatItLacks(String frame) {
        // The reply to an unsubscribe is undocumented: it may well carry no id, and the log must not say the frame
        // has no success field.
        StatusFrame.Rejected rejected = assertInstanceOf(StatusFrame.Rejected.class, decode(frame));
        assertEquals(FrameRejection.UNKNOWN_SHAPE, rejected.reason());
        assertEquals("a success reply without an integer subscription_id", rejected.detail());
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
        StatusFrame.Rejected rejected = assertInstanceOf(StatusFrame.Rejected.class, decode(frame));
        assertEquals(reason, rejected.reason());
    }

    private static StatusFrame decode(String frame) {
        return StatusProtocol.decode(frame, new CollectedBody());
    }
}
