package io.github.kafkaconnectsmc.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
