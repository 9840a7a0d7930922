package io.github.kafkaconnectsmc.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kafkaconnectsmc.protocol.Subscription;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElementStatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Subscription FW_SINGLE = Subscription.context("fw_single");
    private static final ElementKey PLANO = new ElementKey("https://smc:8082/7.1/elements/single_fw/1649/firewall_node/1650",
            ElementKey.Source.RESOLVED);
    private static final ElementKey OSLO = new ElementKey("https://smc:8082/7.1/elements/single_fw/77/firewall_node/78",
            ElementKey.Source.RESOLVED);
    private static final long STALE_AFTER = 1_000;

    private final ElementStates states = new ElementStates();

    private ElementStates.Change observe(ElementKey key, int serial, String body, long at) {
        ObjectNode parsed = parse(body);
        return states.observe(key, FW_SINGLE, serial, StatusBodies.read(body),
                parsed.path("monitoring_state").asText(null), parsed.path("monitoring_status").asText(null), at);
    }

    private static ObjectNode parse(String body) {
        try {
            return (ObjectNode) JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theFirstNotificationOfAnElementHasNoPreviousValuesAndNoChangedFields() {
        ElementStates.Change change = observe(PLANO, 1, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"READY\"}", 0);

        assertTrue(change.firstSight());
        assertNull(change.previousMonitoringState());
        assertNull(change.previousMonitoringStatus());
        assertNull(change.changedFields());
        assertFalse(change.repeat());
        assertEquals(1, states.size());
    }

    @Test
    void aChangeNamesThePreviousMonitoringValuesAndEveryFieldThatDiffers() {
        observe(PLANO, 1, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"READY\",\"monitoring_status\":\"OK\","
                + "\"engine_node_status\":\"Online\",\"dyn_up\":\"1501\"}", 0);

        ElementStates.Change change = observe(PLANO, 1, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"READY\","
                + "\"monitoring_status\":\"ERROR\",\"engine_node_status\":\"Offline\",\"dyn_up\":\"1501\"}", 10);

        assertEquals("READY", change.previousMonitoringState());
        assertEquals("OK", change.previousMonitoringStatus());
        assertEquals(List.of("monitoring_status", "engine_node_status"), change.changedFields());
        assertFalse(change.repeat());
    }

    @Test
    void equalMonitoringValuesAreHeldOnceForAllElementsAndKeptThroughRepeats() {
        // Each observe parses the body again, so every value arrives as a fresh instance.
        String body = "{\"name\":\"n\",\"monitoring_state\":\"READY\",\"monitoring_status\":\"OK\"}";
        observe(PLANO, 1, body, 0);
        observe(OSLO, 1, body, 0);
        observe(OSLO, 1, body, 10);

        ElementStates.Change plano = observe(PLANO, 1, body, 20);
        ElementStates.Change oslo = observe(OSLO, 1, body, 20);

        assertEquals("READY", oslo.previousMonitoringState());
        assertSame(plano.previousMonitoringState(), oslo.previousMonitoringState());
        assertSame(plano.previousMonitoringStatus(), oslo.previousMonitoringStatus());
    }

    @Test
    void fieldsAddedOrRemovedCountAsChangedAndTheirOrderDoesNot() {
        observe(PLANO, 1, "{\"name\":\"n\",\"monitoring_state\":\"READY\",\"hw_info\":{\"cpu\":3}}", 0);

        ElementStates.Change reordered = observe(PLANO, 1,
                "{\"monitoring_state\":\"READY\",\"hw_info\":{\"cpu\":3},\"name\":\"n\"}", 1);
        ElementStates.Change reshaped = observe(PLANO, 1,
                "{\"monitoring_state\":\"READY\",\"name\":\"n\",\"master_node\":null}", 2);

        assertEquals(List.of(), reordered.changedFields());
        assertEquals(List.of("master_node", "hw_info"), reshaped.changedFields());
    }

    @Test
    void valuesOfDifferentJsonTypesOrNestedDifferencesAreChanges() {
        observe(PLANO, 1, "{\"a\":\"1\",\"b\":1,\"c\":[{\"href\":\"x\"}],\"d\":null,\"e\":true}", 0);

        ElementStates.Change change = observe(PLANO, 1,
                "{\"a\":1,\"b\":1.0,\"c\":[{\"href\":\"y\"}],\"d\":\"null\",\"e\":false}", 1);

        assertEquals(List.of("a", "b", "c", "d", "e"), change.changedFields());
    }

    @Test
    void anIdenticalNotificationOnTheSameSubscriptionIsARepeatButNotOnANewerOne() {
        String body = "{\"name\":\"Plano node 1\",\"monitoring_state\":\"READY\",\"monitoring_status\":\"OK\"}";
        observe(PLANO, 1, body, 0);

        ElementStates.Change again = observe(PLANO, 1, body, 1);
        ElementStates.Change resnapshot = observe(PLANO, 2, body, 2);
        ElementStates.Change lateOnTheOldSubscription = observe(PLANO, 1, body, 3);

        assertTrue(again.repeat());
        assertEquals(List.of(), again.changedFields());
        assertEquals("OK", again.previousMonitoringStatus());
        assertFalse(resnapshot.repeat(), "the first notification on a newer subscription is a snapshot");
        assertEquals(List.of(), resnapshot.changedFields());
        assertTrue(lateOnTheOldSubscription.repeat());
    }

    @Test
    void eachNotificationIsComparedWithTheOneJustBeforeItNotWithTheFirst() {
        observe(PLANO, 1, "{\"name\":\"n\",\"monitoring_state\":\"READY\",\"version\":\"7.1\"}", 0);
        ElementStates.Change upgraded = observe(PLANO, 1,
                "{\"name\":\"n\",\"monitoring_state\":\"READY\",\"version\":\"7.2\"}", 1);
        ElementStates.Change same = observe(PLANO, 1,
                "{\"name\":\"n\",\"monitoring_state\":\"READY\",\"version\":\"7.2\"}", 2);
        ElementStates.Change rolledBack = observe(PLANO, 1,
                "{\"name\":\"n\",\"monitoring_state\":\"ERROR\",\"version\":\"7.1\"}", 3);

        assertEquals(List.of("version"), upgraded.changedFields());
        assertEquals(List.of(), same.changedFields());
        assertTrue(same.repeat());
        assertEquals(List.of("monitoring_state", "version"), rolledBack.changedFields());
        assertEquals("READY", rolledBack.previousMonitoringState());
    }

    @Test
    void aDeletedElementIsForgottenSoItsNextNotificationIsAFirstSight() {
        observe(PLANO, 1, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"READY\"}", 0);

        ElementStates.Change deleted = observe(PLANO, 1, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"DELETED\"}", 1);

        assertEquals("READY", deleted.previousMonitoringState());
        assertEquals(0, states.size());
        assertTrue(observe(PLANO, 1, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"READY\"}", 2).firstSight());
    }

    @Test
    void elementsSilentForTheStalenessTimeAreCounted() {
        observe(PLANO, 1, "{\"name\":\"Plano node 1\"}", 0);
        observe(OSLO, 1, "{\"name\":\"Oslo node 2\"}", 500);

        assertEquals(0, states.countStale(999, STALE_AFTER));
        assertEquals(1, states.countStale(1_000, STALE_AFTER));
        assertEquals(2, states.countStale(1_500, STALE_AFTER));

        observe(PLANO, 1, "{\"name\":\"Plano node 1\"}", 1_600);
        assertEquals(1, states.countStale(1_600, STALE_AFTER));
    }

    @Test
    void aSilentElementIsDueAHeartbeatOncePerStalenessPeriodUntilItReportsAgain() {
        observe(PLANO, 1, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"READY\",\"monitoring_status\":\"OK\"}", 0);

        assertEquals(List.of(), DueHeartbeats.at(states, 999, STALE_AFTER));
        List<ElementStates.StaleElement> first = DueHeartbeats.at(states, 1_000, STALE_AFTER);
        assertEquals(List.of(), DueHeartbeats.at(states, 1_999, STALE_AFTER), "one heartbeat per period");
        assertEquals(1, DueHeartbeats.at(states, 2_000, STALE_AFTER).size());

        observe(PLANO, 1, "{\"name\":\"Plano node 1\",\"monitoring_state\":\"READY\",\"monitoring_status\":\"OK\"}", 2_500);
        assertEquals(List.of(), DueHeartbeats.at(states, 3_000, STALE_AFTER), "reporting restarts the clock");
        assertEquals(1, DueHeartbeats.at(states, 3_500, STALE_AFTER).size());

        assertEquals(List.of(new ElementStates.StaleElement(PLANO, FW_SINGLE, "READY", "OK", 0)), first);
    }

    @Test
    void clearingForgetsEveryElement() {
        observe(PLANO, 1, "{\"name\":\"Plano node 1\"}", 0);
        observe(OSLO, 1, "{\"name\":\"Oslo node 2\"}", 0);

        states.clear();

        assertEquals(0, states.size());
        assertTrue(observe(PLANO, 1, "{\"name\":\"Plano node 1\"}", 1).firstSight());
    }
}
