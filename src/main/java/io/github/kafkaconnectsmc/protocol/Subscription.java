package io.github.kafkaconnectsmc.protocol;

import java.util.Objects;

/**
 * One unit of work: a subscription to a family of elements ({@code {"context":"fw_single"}}) or to a single
 * element ({@code {"element":"<uri>"}}). The connector spreads units over tasks, and each unit is also a Kafka
 * Connect source partition, so its text form {@link #unit()} must stay stable across releases.
 */
public record Subscription(Kind kind, String target) {

    public enum Kind {
        CONTEXT("context"), ELEMENT("element");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        /** The JSON field name of the subscribe command, also the prefix of {@link #unit()}. */
        public String wireName() {
            return wireName;
        }
    }

    public Subscription {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
    }

    public static Subscription context(String context) {
        return new Subscription(Kind.CONTEXT, context);
    }

    public static Subscription element(String elementUri) {
        return new Subscription(Kind.ELEMENT, elementUri);
    }

    /** {@code context:fw_single} or {@code element:https://...}: the source partition's subscription value. */
    public String unit() {
        return kind.wireName() + ":" + target;
    }

    @Override
    public String toString() {
        return unit();
    }
}
