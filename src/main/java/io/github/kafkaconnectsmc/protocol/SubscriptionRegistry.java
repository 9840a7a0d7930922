package io.github.kafkaconnectsmc.protocol;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Which subscription each {@code subscription_id} of one socket stands for.
 *
 * <p>The SMC's acknowledgement carries only the new id, not the command it answers, so the registry relies on the
 * SMC answering the commands of one socket in the order they were sent: each acknowledgement is matched to the
 * oldest subscribe command still waiting, and so is each failure reply. Ids are only meaningful on the socket that
 * issued them; a new socket starts a new registry.
 *
 * <p>Re-subscribing a unit that is already active (a re-snapshot) replaces its id: once the new id is acknowledged
 * the old one is <em>retiring</em>. Its notifications are ignored from then on (the SMC reports every change to the
 * new id as well, so none is lost), and it is handed out by {@link #takeIdsToUnsubscribe()} once no subscribe command
 * is waiting any more, so that no reply to the unsubscribe can be taken for the acknowledgement of a subscribe. An
 * acknowledgement carrying a retiring id is the reply to its unsubscribe.
 *
 * <p>Every acknowledged subscription gets a serial, unique in the JVM and increasing, so that the first notification
 * of an element on a newer subscription can be told from a repeat on the same one.
 *
 * <p>The SMC documents a subscription's first status right after its acknowledgement, but nothing says its pushes
 * cannot overtake the acknowledgement. Since ids start at 0 on each socket and only increase, a notification for an
 * id above every id acknowledged so far, while a subscribe command waits for its answer, can still be claimed: it is
 * held ({@link #holdUntilAcknowledged}), up to {@link #MAX_HELD_FRAMES} frames and {@link #MAX_HELD_CHARS}
 * characters, and handed back by {@link #releaseHeld(int)} once its id is acknowledged, or by
 * {@link #releaseUnclaimed()} once no subscribe command waits any more.
 *
 * <p>Thread safety: the socket's reader thread, the session thread (re-snapshots) and the task's stop path all use
 * it. Every method is synchronized but the two the reader thread calls for every frame: {@link #active(int)} reads
 * an immutable copy of the active ids republished on each change (changes are rare: subscribes, acknowledgements),
 * and {@link #takeIdsToUnsubscribe()} takes the lock only when a re-snapshot left ids to unsubscribe.
 */
public final class SubscriptionRegistry {

    private static final AtomicInteger SERIALS = new AtomicInteger();

    /** At most this many notifications are held for an acknowledgement still to come. */
    static final int MAX_HELD_FRAMES = 1_000;
    /** At most this many characters of frame text are held for an acknowledgement still to come. */
    static final long MAX_HELD_CHARS = 16L * 1024 * 1024;

    /** An acknowledged subscription: the unit, and the serial it was given. */
    public record Active(Subscription subscription, int serial) {
    }

    /** A notification frame received before the acknowledgement of its id, and when it was received. */
    public record Held(int subscriptionId, String frame, long receivedAt) {
    }

    /** A subscribe command waiting for its answer, and the id it replaces (-1 for none). */
    private record Pending(Subscription subscription, int replacing) {
    }

    private final Deque<Pending> awaitingAcknowledgement = new ArrayDeque<>();
    private final Map<Integer, Active> active = new HashMap<>();
    /** An immutable copy of {@link #active}, republished whenever it changes, for lock-free lookups. */
    private volatile Map<Integer, Active> activeView = Map.of();
    /** Replaced ids whose unsubscribe has not been answered. */
    private final Set<Integer> retiring = new HashSet<>();
    /**
     * Retiring ids already handed out for unsubscribing when the last re-snapshot began: the next one may forget
     * them (see {@link #forgetUnansweredRetirements()}).
     */
    private final Set<Integer> unansweredAtLastResnapshot = new HashSet<>();
    /** Replaced ids not yet handed out for unsubscribing. */
    private final List<Integer> toUnsubscribe = new ArrayList<>();
    /** Whether {@link #toUnsubscribe} has ids, for a look without the lock. */
    private volatile boolean unsubscribesDue;
    /** The highest id acknowledged for a subscribe on this socket; -1 before the first. */
    private int highestAcknowledgedId = -1;
    /** Notifications whose id may still be acknowledged, in the order received. */
    private final List<Held> held = new ArrayList<>();
    private long heldChars;

    /** Records that a subscribe command for {@code subscription} is about to be sent. */
    public synchronized void subscribing(Subscription subscription) {
        awaitingAcknowledgement.addLast(new Pending(subscription, -1));
    }

    /**
     * Records that a subscribe command is about to be sent for the unit of the active id {@code replacedId}, whose
     * place the new id takes once acknowledged.
     */
    public synchronized void resubscribing(int replacedId) {
        Active replaced = active.get(replacedId);
        if (replaced == null) {
            throw new IllegalArgumentException("subscription id " + replacedId + " is not active");
        }
        awaitingAcknowledgement.addLast(new Pending(replaced.subscription(), replacedId));
    }

    /**
     * Matches an acknowledgement to the oldest waiting subscribe command. Returns the subscription it belongs to, or
     * empty when it answers something else: the unsubscribe of a retiring id, or nothing waiting.
     */
    public synchronized Optional<Subscription> acknowledged(int subscriptionId) {
        if (retiring.remove(subscriptionId)) {
            unansweredAtLastResnapshot.remove(subscriptionId);
            return Optional.empty();
        }
        Pending pending = awaitingAcknowledgement.pollFirst();
        if (pending == null) {
            return Optional.empty();
        }
        active.put(subscriptionId, new Active(pending.subscription(), SERIALS.incrementAndGet()));
        highestAcknowledgedId = Math.max(highestAcknowledgedId, subscriptionId);
        // An SMC that answers with the id the unit already has kept its subscription: there is nothing to retire.
        if (pending.replacing() >= 0 && pending.replacing() != subscriptionId
                && active.remove(pending.replacing()) != null) {
            retiring.add(pending.replacing());
            toUnsubscribe.add(pending.replacing());
            unsubscribesDue = true;
        }
        activeView = Map.copyOf(active);
        return Optional.of(pending.subscription());
    }

    /** Matches a failure reply to the oldest waiting subscribe command, which the SMC refused. */
    public synchronized Optional<Subscription> refused() {
        Pending pending = awaitingAcknowledgement.pollFirst();
        return pending == null ? Optional.empty() : Optional.of(pending.subscription());
    }

    /**
     * Holds a notification for {@code subscriptionId}, which no acknowledged subscription has, until its
     * acknowledgement comes. Returns false, holding nothing, when the id can no longer be acknowledged (no subscribe
     * command waits, or a higher id was acknowledged already) or the hold is full.
     */
    public synchronized boolean holdUntilAcknowledged(int subscriptionId, String frame, long receivedAt) {
        if (awaitingAcknowledgement.isEmpty() || subscriptionId <= highestAcknowledgedId
                || held.size() >= MAX_HELD_FRAMES || heldChars + frame.length() > MAX_HELD_CHARS) {
            return false;
        }
        held.add(new Held(subscriptionId, frame, receivedAt));
        heldChars += frame.length();
        return true;
    }

    /** The notifications held for {@code subscriptionId}, in the order received, now that it is acknowledged. */
    public synchronized List<Held> releaseHeld(int subscriptionId) {
        return release(h -> h.subscriptionId() == subscriptionId);
    }

    /**
     * The notifications still held once no subscribe command waits for its answer: no acknowledgement can claim them
     * any more. Empty while one waits.
     */
    public synchronized List<Held> releaseUnclaimed() {
        return awaitingAcknowledgement.isEmpty() ? release(h -> true) : List.of();
    }

    private List<Held> release(Predicate<Held> which) {
        if (held.isEmpty()) {
            return List.of();
        }
        List<Held> released = new ArrayList<>();
        for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
            Held next = it.next();
            if (which.test(next)) {
                released.add(next);
                heldChars -= next.frame().length();
                it.remove();
            }
        }
        return released;
    }

    public synchronized Optional<Subscription> lookup(int subscriptionId) {
        Active found = active.get(subscriptionId);
        return found == null ? Optional.empty() : Optional.of(found.subscription());
    }

    /** The acknowledged subscription with this id, or null. Lock-free: it runs for every notification. */
    public Active active(int subscriptionId) {
        return activeView.get(subscriptionId);
    }

    /** True for an id replaced by a re-subscription: its notifications are covered by the new id. */
    public synchronized boolean isRetiring(int subscriptionId) {
        return retiring.contains(subscriptionId);
    }

    /**
     * Replaced ids to send an unsubscribe for now; empty while a subscribe command still waits for its answer.
     * Each id is handed out once.
     */
    public List<Integer> takeIdsToUnsubscribe() {
        if (!unsubscribesDue) {
            return List.of();
        }
        synchronized (this) {
            if (toUnsubscribe.isEmpty() || !awaitingAcknowledgement.isEmpty()) {
                return List.of();
            }
            List<Integer> ids = List.copyOf(toUnsubscribe);
            toUnsubscribe.clear();
            unsubscribesDue = false;
            return ids;
        }
    }

    /**
     * Forgets retiring ids whose unsubscribe the SMC never answered (nothing documents that it does), so they cannot
     * pile up over many re-snapshots. Called before each re-snapshot. An id handed out since the last one is kept:
     * its unsubscribe may have been sent a moment ago, and its reply may still be unread behind the last unit's
     * snapshot; forgotten now, that reply would be taken for the acknowledgement of this re-snapshot's first
     * subscribe. An id handed out before the last re-snapshot has had all of it to be answered: the SMC answers in
     * order, and this re-snapshot starts only once every subscribe of the last one is acknowledged.
     */
    public synchronized void forgetUnansweredRetirements() {
        retiring.removeAll(unansweredAtLastResnapshot);
        unansweredAtLastResnapshot.clear();
        for (int id : retiring) {
            if (!toUnsubscribe.contains(id)) {
                unansweredAtLastResnapshot.add(id);
            }
        }
    }

    /** Ids of every acknowledged subscription, for unsubscribing on stop or re-subscribing. */
    public synchronized List<Integer> activeIds() {
        return List.copyOf(active.keySet());
    }

    /**
     * Every id the SMC still holds a subscription for, for unsubscribing on stop: the active ones and those a
     * re-snapshot replaced but has not unsubscribed yet.
     */
    public synchronized List<Integer> idsStillSubscribed() {
        List<Integer> ids = new ArrayList<>(active.keySet());
        ids.addAll(toUnsubscribe);
        return ids;
    }

    public synchronized Collection<Subscription> activeSubscriptions() {
        return active.values().stream().map(Active::subscription).toList();
    }

    public synchronized int activeCount() {
        return active.size();
    }

    public synchronized int awaitingCount() {
        return awaitingAcknowledgement.size();
    }
}
