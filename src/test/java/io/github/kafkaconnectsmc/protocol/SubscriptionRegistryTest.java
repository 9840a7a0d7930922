package io.github.kafkaconnectsmc.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubscriptionRegistryTest {

    private static final Subscription SINGLE = Subscription.context("fw_single");
    private static final Subscription VIRTUAL = Subscription.context("virtual_fw");
    private static final Subscription NODE =
            Subscription.element("http://localhost:8082/7.2.1/elements/single_fw/1649/firewall_node/1650");

    private final SubscriptionRegistry registry = new SubscriptionRegistry();

    @Test
    void acknowledgementsAreMatchedToSubscribeCommandsInTheOrderSent() {
        registry.subscribing(SINGLE);
        registry.subscribing(VIRTUAL);

        assertEquals(Optional.of(SINGLE), registry.acknowledged(7));
        assertEquals(Optional.of(VIRTUAL), registry.acknowledged(8));
        assertEquals(Optional.of(SINGLE), registry.lookup(7));
        assertEquals(Optional.of(VIRTUAL), registry.lookup(8));
        assertEquals(0, registry.awaitingCount());
    }

    @Test
    void aFailureReplyConsumesTheOldestWaitingCommandSoLaterAcknowledgementsStayAligned() {
        registry.subscribing(SINGLE);
        registry.subscribing(NODE);

        assertEquals(Optional.of(SINGLE), registry.refused());
        assertEquals(Optional.of(NODE), registry.acknowledged(0));
        assertEquals(Optional.of(NODE), registry.lookup(0));
        assertEquals(1, registry.activeCount());
    }

    @Test
    void anAcknowledgementNobodyWaitsForIsNotRegistered() {
        assertEquals(Optional.empty(), registry.acknowledged(3));
        assertEquals(Optional.empty(), registry.lookup(3));
        assertEquals(Optional.empty(), registry.refused());
    }

    @Test
    void activeIdsListEveryAcknowledgedSubscription() {
        registry.subscribing(SINGLE);
        registry.subscribing(VIRTUAL);
        registry.acknowledged(0);
        registry.acknowledged(1);

        assertEquals(List.of(0, 1), registry.activeIds().stream().sorted().toList());
        assertEquals(Set.of(SINGLE, VIRTUAL), Set.copyOf(registry.activeSubscriptions()));
    }

    @Test
    void notificationsHeldForAnAcknowledgementStillToComeAreBoundedByCountAndCharacters() {
        registry.subscribing(SINGLE);

        for (int i = 0; i < SubscriptionRegistry.MAX_HELD_FRAMES; i++) {
            assertTrue(registry.holdUntilAcknowledged(0, "{}", i), "frame " + i);
        }
        assertFalse(registry.holdUntilAcknowledged(0, "{}", 0), "past the frame bound");
        assertEquals(SubscriptionRegistry.MAX_HELD_FRAMES, registry.releaseHeld(0).size());

        String large = "x".repeat((int) (SubscriptionRegistry.MAX_HELD_CHARS / 2));
        assertTrue(registry.holdUntilAcknowledged(0, large, 0));
        assertTrue(registry.holdUntilAcknowledged(0, large, 0));
        assertFalse(registry.holdUntilAcknowledged(0, "{}", 0), "past the character bound");
    }

    @Test
    void heldNotificationsAreReleasedByTheirOwnIdInTheOrderReceived() {
        registry.subscribing(SINGLE);
        registry.subscribing(VIRTUAL);
        registry.holdUntilAcknowledged(1, "b1", 1);
        registry.holdUntilAcknowledged(0, "a", 2);
        registry.holdUntilAcknowledged(1, "b2", 3);

        registry.acknowledged(0);
        assertEquals(List.of("a"), registry.releaseHeld(0).stream().map(SubscriptionRegistry.Held::frame).toList());
        assertEquals(List.of(), registry.releaseUnclaimed(), "a subscribe still waits");
        registry.refused();
        assertEquals(List.of("b1", "b2"), registry.releaseUnclaimed().stream()
                .map(SubscriptionRegistry.Held::frame).toList());
    }
}
