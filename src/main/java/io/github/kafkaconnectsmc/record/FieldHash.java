package io.github.kafkaconnectsmc.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A 64-bit fingerprint of one status body field, computed from the already parsed {@link JsonNode} without
 * serialising it, so that {@link ElementStates} can tell a changed field from an unchanged one while keeping eight
 * bytes per field instead of the value. 64 bits, not {@link JsonNode#hashCode()}'s 32, because an unnoticed
 * collision would make a real change look like a repeat, which {@code smc.drop.unchanged} drops.
 *
 * <p>Each JSON type mixes in a tag of its own, so {@code "1"}, {@code 1} and {@code 1.0} differ; objects and arrays
 * combine their members in order.
 */
final class FieldHash {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private static final long NULL_TAG = 0x6e756c6cL;
    private static final long TRUE_TAG = 0x74727565L;
    private static final long FALSE_TAG = 0x66616c73L;
    private static final long STRING_TAG = 1;
    private static final long INTEGRAL_TAG = 2;
    private static final long DECIMAL_TAG = 3;
    private static final long ARRAY_TAG = 4;
    private static final long OBJECT_TAG = 5;
    private static final long OTHER_TAG = 6;

    private FieldHash() {
    }

    static long of(JsonNode node) {
        switch (node.getNodeType()) {
            case NULL:
                return mix(NULL_TAG);
            case BOOLEAN:
                return mix(node.booleanValue() ? TRUE_TAG : FALSE_TAG);
            case STRING:
                return text(STRING_TAG, node.textValue());
            case NUMBER:
                if (node.isIntegralNumber() && node.canConvertToLong()) {
                    return mix(INTEGRAL_TAG * FNV_PRIME ^ node.longValue());
                }
                if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
                    return mix(DECIMAL_TAG * FNV_PRIME ^ Double.doubleToLongBits(node.doubleValue()));
                }
                return text(DECIMAL_TAG, node.asText());
            case ARRAY: {
                long hash = mix(ARRAY_TAG + node.size());
                for (JsonNode item : node) {
                    hash = combine(hash, of(item));
                }
                return hash;
            }
            case OBJECT: {
                long hash = mix(OBJECT_TAG + node.size());
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    hash = combine(combine(hash, text(STRING_TAG, field.getKey())), of(field.getValue()));
                }
                return hash;
            }
            default:
                return text(OTHER_TAG, node.toString());
        }
    }

    private static long text(long tag, String text) {
        long hash = FNV_OFFSET ^ tag;
        for (int i = 0; i < text.length(); i++) {
            hash = (hash ^ text.charAt(i)) * FNV_PRIME;
        }
        return mix(hash ^ text.length());
    }

    private static long combine(long hash, long next) {
        return mix(hash * 31 + next);
    }

    /** The finaliser of SplitMix64: spreads every input bit over the whole result. */
    private static long mix(long value) {
        long z = value + 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
