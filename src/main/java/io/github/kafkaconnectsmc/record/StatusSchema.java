package io.github.kafkaconnectsmc.record;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.kafka.connect.data.Schema;

/**
 * The record value schema, read once from {@code smc-status.avsc}, the single source of truth shipped in the jar.
 * The Connect schema is derived from it by {@link AvroSchemaConverter}, so the two cannot drift apart.
 */
public final class StatusSchema {

    public static final String AVRO_RESOURCE = "/smc-status.avsc";

    public static final String ELEMENT_HREF = "element_href";
    public static final String ELEMENT_NAME = "element_name";
    public static final String KEY_SOURCE = "key_source";
    public static final String SUBSCRIPTION_TYPE = "subscription_type";
    public static final String SUBSCRIPTION_TARGET = "subscription_target";
    public static final String SMC_URL = "smc_url";
    public static final String RECEIVED_AT = "received_at";
    public static final String MONITORING_STATE = "monitoring_state";
    public static final String MONITORING_STATUS = "monitoring_status";
    public static final String CHILDREN = "children";
    public static final String OTHER_FIELDS = "other_fields";
    public static final String PREVIOUS_MONITORING_STATE = "previous_monitoring_state";
    public static final String PREVIOUS_MONITORING_STATUS = "previous_monitoring_status";
    public static final String CHANGED_FIELDS = "changed_fields";
    public static final String LAST_REPORTED_AT = "last_reported_at";

    private static final org.apache.avro.Schema AVRO = load();
    private static final Schema VALUE = AvroSchemaConverter.toConnect(AVRO);

    private StatusSchema() {
    }

    public static org.apache.avro.Schema avro() {
        return AVRO;
    }

    public static Schema value() {
        return VALUE;
    }

    public static Schema key() {
        return Schema.STRING_SCHEMA;
    }

    private static org.apache.avro.Schema load() {
        try (InputStream in = StatusSchema.class.getResourceAsStream(AVRO_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(AVRO_RESOURCE + " is missing from the connector jar");
            }
            return new org.apache.avro.Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + AVRO_RESOURCE, e);
        }
    }
}
