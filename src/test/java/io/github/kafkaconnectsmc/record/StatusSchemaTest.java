package io.github.kafkaconnectsmc.record;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.avro.JsonProperties;
import org.junit.jupiter.api.Test;

class StatusSchemaTest {

    @Test
    void everyValueFieldIsOptionalWithANullDefaultSoTheSchemaCanEvolveBothWays() {
        for (org.apache.avro.Schema.Field field : StatusSchema.avro().getFields()) {
            assertTrue(field.schema().isNullable(), field.name() + " is not nullable");
            assertTrue(field.defaultVal() == JsonProperties.NULL_VALUE, field.name() + " has no null default");
            assertTrue(StatusSchema.value().field(field.name()).schema().isOptional(), field.name());
        }
    }

    @Test
    void theKeySourceDocNamesTheFallbackKeyTheConnectorReallyWrites() {
        String doc = StatusSchema.value().field(StatusSchema.KEY_SOURCE).schema().doc();
        assertTrue(doc.contains(ElementKey.FALLBACK_PREFIX + "<context>/<name>"), doc);
    }
}
