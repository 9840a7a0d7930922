package io.github.kafkaconnectsmc.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Date;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class StatusValueTest {

    private final Schema schema = StatusSchema.value();
    private final Field state = schema.field(StatusSchema.MONITORING_STATE);
    private final Field receivedAt = schema.field(StatusSchema.RECEIVED_AT);

    @Test
    void becomesAStructOfTheSameFields() {
        StatusValue value = new StatusValue(schema).put(state, "READY").put(receivedAt, new Date(1_000));

        Struct struct = value.toStruct();

        assertEquals("READY", struct.get(state));
        assertEquals(new Date(1_000), struct.get(receivedAt));
        assertNull(struct.get(StatusSchema.ELEMENT_NAME));
        assertEquals(schema, struct.schema());
    }

    @Test
    void aValueOfTheWrongTypeIsCaughtWhenItBecomesAStruct() {
        StatusValue value = new StatusValue(schema).put(state, 42);

        assertThrows(DataException.class, value::toStruct);
    }

    @Test
    void clearingEmptiesEveryFieldForTheNextFrame() {
        StatusValue value = new StatusValue(schema).put(state, "READY");

        value.clear();

        assertNull(value.get(state));
        assertEquals(new Struct(schema), value.toStruct());
        value.put(receivedAt, new Date(2_000)).clear();
        assertNull(value.get(receivedAt), "a value filled again is cleared again");
    }
}
