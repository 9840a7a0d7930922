package io.github.kafkaconnectsmc.smc;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The element names of one status context, each with the href it resolves to, as read from the SMC's REST API.
 *
 * <p>A status notification names its element but carries no href, and the SMC keeps names apart only within an
 * element type: a single firewall and a VPN may share a name, so each context has its names of its own. Within a
 * context, a name read for two elements (say, nodes of two clusters both called "node 1") cannot be resolved, since
 * their notifications cannot be told apart: the name is kept as ambiguous, and looking it up finds nothing (the
 * records get fallback keys) until a later {@link Reading} of the whole context finds it on one element only.
 * Notifications resolved before the second element was read keep the first one's href.
 *
 * <p>Thread safety: concurrent; a {@link Reading} may be fed from several threads.
 */
final class ContextNames {

    /** The mark of an ambiguous name, in place of an href: no href is empty. */
    private static final String AMBIGUOUS = "";

    private final Map<String, String> hrefByName = new ConcurrentHashMap<>();

    /** The href of {@code name}; null when no element of the context has been read under it, or several have. */
    String hrefOf(String name) {
        String href = hrefByName.get(name);
        return href == null || href.isEmpty() ? null : href;
    }

    /**
     * True when {@code name} was read for several elements, so it resolves to none. A name only ever goes from unread
     * to read (with an href, or ambiguous), and from ambiguous to an href when a whole reading finds it once: a
     * caller that found no href and then finds the name not ambiguous must look for its href again.
     */
    boolean isAmbiguous(String name) {
        String href = hrefByName.get(name);
        return href != null && href.isEmpty();
    }

    /** Starts reading the context afresh into these names. */
    Reading newReading() {
        return new Reading();
    }

    /** One reading of the whole context: each name's first href, and the names it read for several elements. */
    final class Reading {
        private final Map<String, String> firstHrefByName = new ConcurrentHashMap<>();
        private final Set<String> ambiguous = ConcurrentHashMap.newKeySet();
        private volatile String example;

        private Reading() {
        }

        /** Learns that {@code name} is the name of the element at {@code href}. */
        void learn(String name, String href) {
            if (href.isEmpty()) {
                return;
            }
            String first = firstHrefByName.putIfAbsent(name, href);
            if (first == null) {
                // A name an earlier reading found ambiguous stays so until this one has read the whole context.
                hrefByName.merge(name, href, (known, read) -> known.isEmpty() ? known : read);
            } else if (!first.equals(href) && ambiguous.add(name)) {
                hrefByName.put(name, AMBIGUOUS);
                if (example == null) {
                    example = "'" + name + "' (" + first + " and " + href + ")";
                }
            }
        }

        /**
         * Ends a reading of the whole context: a name an earlier reading found ambiguous and this one read for one
         * element only resolves to it again. Not called for a reading cut short, which cannot tell.
         */
        void complete() {
            hrefByName.replaceAll((name, href) -> {
                String readOnce = href.isEmpty() && !ambiguous.contains(name) ? firstHrefByName.get(name) : null;
                return readOnce != null ? readOnce : href;
            });
        }

        /** Names this reading found on more than one element. */
        int ambiguousNames() {
            return ambiguous.size();
        }

        /** One of the {@link #ambiguousNames()} with two of its hrefs, for a log line; null if there is none. */
        String example() {
            return example;
        }

        /** Lets go of what this reading kept, once it is over: a context's names may be many. */
        void forget() {
            firstHrefByName.clear();
            ambiguous.clear();
        }
    }
}
