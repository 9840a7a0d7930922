package io.github.kafkaconnectsmc.protocol;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which subscription each {@code subscription_id} of one socket stands for.
 *
 * <p>The SMC's acknowledgement carries only the new id, not the command it answers, so the registry relies on the
 * SMC answering the commands of one socket in the order they were sent: each acknowledgement is matched to the
 * oldest subscribe command still waiting, and so is each failure reply. Ids are only meaningful on the socket that
 * issued them; a new socket starts a new registry.
 *
 * <p>Thread safety: changes are synchronized; the socket's reader thread and the task's stop path both use it.
 * {@link #lookup}, made for every notification, reads the concurrent map of acknowledged ids without the lock.
 */
public final class SubscriptionRegistry {

    private final Deque<Subscription> awaitingAcknowledgement = new ArrayDeque<>();
    private final Map<Integer, Subscription> active = new ConcurrentHashMap<>();

    /** Records that a subscribe command for {@code subscription} is about to be sent. */
    public synchronized void subscribing(Subscription subscription) {
        awaitingAcknowledgement.addLast(subscription);
    }

    /**
     * Matches an acknowledgement to the oldest waiting subscribe command. Returns the subscription it belongs to, or
     * empty when no command was waiting (an acknowledgement of something else, such as an unsubscribe).
     */
    public synchronized Optional<Subscription> acknowledged(int subscriptionId) {
        Subscription subscription = awaitingAcknowledgement.pollFirst();
        if (subscription == null) {
            return Optional.empty();
        }
        active.put(subscriptionId, subscription);
        return Optional.of(subscription);
    }

    /** Matches a failure reply to the oldest waiting subscribe command, which the SMC refused. */
    public synchronized Optional<Subscription> refused() {
        return Optional.ofNullable(awaitingAcknowledgement.pollFirst());
    }

    public Optional<Subscription> lookup(int subscriptionId) {
        return Optional.ofNullable(active.get(subscriptionId));
    }

    /** Forgets {@code subscriptionId}; returns the subscription it stood for, if any. */
    public synchronized Optional<Subscription> remove(int subscriptionId) {
        return Optional.ofNullable(active.remove(subscriptionId));
    }

    /** Ids of every acknowledged subscription, for unsubscribing on stop. */
    public synchronized List<Integer> activeIds() {
        return List.copyOf(active.keySet());
    }

    public synchronized Collection<Subscription> activeSubscriptions() {
        return List.copyOf(active.values());
    }

    public synchronized int activeCount() {
        return active.size();
    }

    public synchronized int awaitingCount() {
        return awaitingAcknowledgement.size();
    }
}
