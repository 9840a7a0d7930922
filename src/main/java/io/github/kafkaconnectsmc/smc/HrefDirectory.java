package io.github.kafkaconnectsmc.smc;

import java.util.Optional;

/**
 * Finds the URI of an element from the name a context notification gives. The SMC's status notification names
 * its element but does not carry its href (see {@code docs/record-format.md}), so the key of a record from a
 * context subscription comes from here.
 */
public interface HrefDirectory {

    /** The href of the element or node called {@code name} in the family {@code context}, if the SMC lists one. */
    Optional<String> hrefOf(String context, String name);

    /**
     * As {@link #hrefOf(String, String)}, running {@code whileWaiting} about once per wait slice while the lookup waits
     * for the SMC to name the element: the socket's reader thread makes this call, and a reader held for long must
     * keep excusing its socket's missing pongs, as it does while the queue is full. A directory that never waits
     * never runs it.
     */
    default Optional<String> hrefOf(String context, String name, Runnable whileWaiting) {
        return hrefOf(context, name);
    }

    /** Forgets what was cached, for example after logging in again. */
    void clear();

    /**
     * Starts reading the names of {@code context} now, without waiting, if nothing of it has been read since the
     * directory was made or cleared: the SMC sends the status of every element of a context as soon as it is
     * subscribed, so the names are needed right after.
     */
    default void prefetch(String context) {
    }

    /** Lookups that found no href, since the task started. */
    long misses();

    /** Stops any work the directory does in the background; called once, when the task stops. */
    default void close() {
    }
}
