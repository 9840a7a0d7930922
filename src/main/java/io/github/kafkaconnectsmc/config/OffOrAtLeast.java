package io.github.kafkaconnectsmc.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Accepts 0, meaning the feature is off, or a number of milliseconds no smaller than a floor below which the feature
 * would only load the SMC or the worker (such as a re-snapshot every few milliseconds).
 */
public final class OffOrAtLeast implements ConfigDef.Validator {

    private final long floor;

    private OffOrAtLeast(long floor) {
        this.floor = floor;
    }

    public static OffOrAtLeast of(long floor) {
        return new OffOrAtLeast(floor);
    }

    @Override
    public void ensureValid(String name, Object value) {
        if (value instanceof Number number && number.longValue() != 0 && number.longValue() < floor) {
            throw new ConfigException(name, value, "must be 0 (off) or at least " + floor);
        }
    }

    @Override
    public String toString() {
        return "0 (off), or at least " + floor;
    }
}
