package io.github.kafkaconnectsmc.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Re-subscribing active units for a re-snapshot, as {@code StatusStream} does it, and the ids it replaces. */
class SubscriptionRegistryResubscribeTest {

    private static final Subscription SINGLE = Subscription.context("fw_single");
    private static final Subscription VPN = Subscription.context("vpn");

    private final SubscriptionRegistry registry = new SubscriptionRegistry();

    @BeforeEach
    void subscribeTwoUnits() {
        registry.subscribing(SINGLE);
        registry.subscribing(VPN);
        registry.acknowledged(0);
        registry.acknowledged(1);
    }

    @Test
    void theNewIdTakesTheUnitAndTheOldOneRetiresOnceAcknowledged() {
        registry.resubscribing(0);
        assertEquals(SINGLE, registry.active(0).subscription(), "the old id serves until the new one is acknowledged");

        assertEquals(Optional.of(SINGLE), registry.acknowledged(2));

        assertEquals(SINGLE, registry.active(2).subscription());
        assertNull(registry.active(0));
        assertTrue(registry.isRetiring(0));
        assertEquals(List.of(1, 2), registry.activeIds().stream().sorted().toList());
        assertEquals(2, registry.activeCount());
    }

    @Test
    void aResubscriptionAcknowledgedWithTheIdItReplacesKeepsThatIdActiveAndNeverUnsubscribesIt() {
        // Nothing documents that the SMC gives a second subscription to the same unit an id of its own; were it to
        // answer with the id it already has, retiring that id would ignore, silently, every notification of the unit.
        int before = registry.active(0).serial();
        registry.resubscribing(0);

        assertEquals(Optional.of(SINGLE), registry.acknowledged(0));

        assertEquals(SINGLE, registry.active(0).subscription());
        assertTrue(registry.active(0).serial() > before, "the snapshot that follows is no repeat");
        assertFalse(registry.isRetiring(0));
        assertEquals(List.of(), registry.takeIdsToUnsubscribe());
        assertEquals(List.of(0, 1), registry.idsStillSubscribed().stream().sorted().toList());
    }

    @Test
    void everyAcknowledgementGetsANewerSerialSoASnapshotOnTheNewIdIsNoRepeat() {
        int before = registry.active(0).serial();
        registry.resubscribing(0);
        registry.acknowledged(2);

        assertTrue(registry.active(2).serial() > before);
        assertTrue(registry.active(1).serial() > before, "serials follow the order of acknowledgements");
    }

    @Test
    void replacedIdsAreHandedOutForUnsubscribingOnlyOnceNoSubscribeWaits() {
        registry.resubscribing(0);
        registry.resubscribing(1);
        registry.acknowledged(2);

        assertEquals(List.of(), registry.takeIdsToUnsubscribe(), "the new id of vpn is still awaited");
        assertEquals(List.of(0, 1, 2), registry.idsStillSubscribed().stream().sorted().toList());

        registry.acknowledged(3);
        assertEquals(List.of(0, 1), registry.takeIdsToUnsubscribe());
        assertEquals(List.of(), registry.takeIdsToUnsubscribe(), "each id is handed out once");
        assertEquals(List.of(2, 3), registry.idsStillSubscribed().stream().sorted().toList());
    }

    @Test
    void theReplyToAnUnsubscribeIsNotTakenForTheAcknowledgementOfAWaitingSubscribe() {
        registry.resubscribing(0);
        registry.acknowledged(2);
        registry.takeIdsToUnsubscribe();
        registry.subscribing(Subscription.context("fw_cluster"));

        assertEquals(Optional.empty(), registry.acknowledged(0), "the SMC answers the unsubscribe of 0");
        assertFalse(registry.isRetiring(0));
        assertEquals(Optional.of(Subscription.context("fw_cluster")), registry.acknowledged(3));
    }

    @Test
    void aRefusedResubscriptionLeavesTheOldIdServing() {
        registry.resubscribing(0);

        assertEquals(Optional.of(SINGLE), registry.refused());

        assertEquals(SINGLE, registry.active(0).subscription());
        assertFalse(registry.isRetiring(0));
        assertEquals(List.of(), registry.takeIdsToUnsubscribe());
    }

    @Test
    void retirementsTheSmcNeverAnsweredAreForgottenOnceAWholeResnapshotWentByWithoutTheirReply() {
        registry.resubscribing(0);
        registry.acknowledged(2);
        registry.takeIdsToUnsubscribe();

        registry.forgetUnansweredRetirements();
        assertTrue(registry.isRetiring(0), "the next re-snapshot may start before the reply is read");
        registry.forgetUnansweredRetirements();

        assertFalse(registry.isRetiring(0));
    }

    /**
     * The reader thread sends the unsubscribe of 0 once the re-snapshot's last acknowledgement is read; the session
     * thread may start the next re-snapshot before the SMC's reply to it is read (it comes after the last unit's
     * snapshot, which a slow Kafka makes slow to read). The reply must not be taken for the acknowledgement of the new
     * re-snapshot's first subscribe: that would give the unit a dead id, retire its live one and leave the SMC's new id
     * unknown, so the unit's notifications would be rejected until the re-snapshot after.
     */
    @Test
    void theReplyToAnUnsubscribeIsRecognisedWhenTheNextResnapshotStartedBeforeItWasRead() {
        registry.resubscribing(0);
        registry.resubscribing(1);
        registry.acknowledged(2);
        registry.acknowledged(3);
        assertEquals(List.of(0, 1), registry.takeIdsToUnsubscribe());

        registry.forgetUnansweredRetirements();
        registry.resubscribing(2);
        assertEquals(Optional.empty(), registry.acknowledged(0), "the reply to the unsubscribe of 0");
        assertEquals(Optional.of(SINGLE), registry.acknowledged(4));

        assertNull(registry.active(0));
        assertEquals(SINGLE, registry.active(4).subscription());
        assertEquals(VPN, registry.active(3).subscription());
        assertTrue(registry.isRetiring(2));
    }

    @Test
    void onlyAnActiveIdCanBeResubscribed() {
        assertThrows(IllegalArgumentException.class, () -> registry.resubscribing(7));
    }
}
