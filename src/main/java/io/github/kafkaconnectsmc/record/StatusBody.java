package io.github.kafkaconnectsmc.record;

import com.fasterxml.jackson.core.JsonParser;
import io.github.kafkaconnectsmc.protocol.StatusBodyReader;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.connect.data.Struct;

/**
 * The status body of one notification, mapped while its frame is decoded: the typed fields already in a
 * {@link StatusValue} (the connector's own fields are added by {@link StatusRecordMapper} once the subscription is
 * known), the element's name and href as sent, the child references, and every other field as JSON text; and, for
 * {@link ElementStates}, each field's name and {@link FieldHash} fingerprint in the order sent, taken as the field is
 * read so that change awareness needs neither a JSON tree nor a second parse. Handed out by
 * {@link StatusRecordMapper#newBody(String)} for one frame, filled by {@link StatusValueMapper}, and possibly given back
 * with {@link StatusRecordMapper#recycle(StatusBody)} to read a later frame.
 *
 * <p>Not thread safe: one frame, read on one thread.
 */
public final class StatusBody implements StatusBodyReader {

    /** Past this many fields a body is not kept for reuse, so one huge frame does not stay in memory. */
    private static final int MAX_REUSED_FIELDS = 256;

    private final StatusValueMapper mapper;
    /** Null while the body waits to be reused. */
    private String frameText;

    // Written by StatusValueMapper while the frame is read.
    /**
     * The typed fields, then the whole record value; made on the first one and kept while the body is reused, since
     * what a record needs of it is copied into the record's struct or JSON before the body reads another frame.
     */
    StatusValue value;
    /** Bit i: the schema field of index i was sent (possibly as null). */
    long typedFieldsSent;
    String name;
    String href;
    List<Struct> children;
    /** {@code result} or {@code child}: the field {@link #children} came from. */
    String childListField;
    /** Body fields kept as JSON text, in the order sent; null while there are none. */
    Map<String, String> others;

    // Written here while the frame is read: every body field's name as sent and its fingerprint (FieldHash), in the
    // order sent, for ElementStates to compare with the element's previous notification.
    private String[] fieldNames = new String[16];
    private long[] fieldHashes = new long[16];
    private int fieldCount;

    StatusBody(StatusValueMapper mapper, String frameText) {
        this.mapper = mapper;
        this.frameText = frameText;
    }

    @Override
    public void startBody() {
        if (value != null) {
            value.clear();
        }
        typedFieldsSent = 0;
        name = null;
        href = null;
        children = null;
        childListField = null;
        others = null;
        fieldCount = 0;
    }

    @Override
    public void bodyField(String field, JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        boolean structure = token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY;
        // A scalar is fingerprinted from its token before the mapper reads it; a structure from its text once the
        // mapper has read to its end.
        long hash = structure ? 0 : FieldHash.ofScalar(parser);
        int start = structure ? (int) parser.currentTokenLocation().getCharOffset() : -1;
        mapper.read(this, field, parser);
        if (structure) {
            hash = FieldHash.ofStructure(frameText, start, (int) parser.currentLocation().getCharOffset());
        }
        if (fieldCount == fieldNames.length) {
            fieldNames = Arrays.copyOf(fieldNames, fieldCount * 2);
            fieldHashes = Arrays.copyOf(fieldHashes, fieldCount * 2);
        }
        fieldNames[fieldCount] = field;
        fieldHashes[fieldCount++] = hash;
    }

    /**
     * Makes this body the reader of another frame ({@code null}: of none yet), dropping everything read from the
     * previous one; the struct, list and map read from it belong to its records now, so they are not reused.
     */
    void reuseFor(String frameText) {
        startBody();
        this.frameText = frameText;
    }

    /** False for a body grown by a frame of very many fields: better left to the garbage collector than kept. */
    boolean isWorthReusing() {
        return fieldNames.length <= MAX_REUSED_FIELDS;
    }

    /** How many fields the body has, counting each one sent. */
    int fieldCount() {
        return fieldCount;
    }

    /** The name, as sent, of the body field at {@code index} in the order sent. */
    String fieldName(int index) {
        return fieldNames[index];
    }

    /** The {@link FieldHash} fingerprint of the body field at {@code index} in the order sent. */
    long fieldHash(int index) {
        return fieldHashes[index];
    }

    /** The frame this body is read from; the mapper cuts a list it could not type out of it. */
    String frameText() {
        return frameText;
    }

    /** The element's {@code name}, when sent as text; otherwise null. */
    public String name() {
        return name;
    }

    /** The element's own {@code href}, when sent as text (the documented notifications send none); otherwise null. */
    public String href() {
        return href;
    }

    /**
     * Every body field the record carries, under the name the SMC sent it with, and its value as mapped: text,
     * number or boolean for a typed field (null when sent as null), the list of child {@link Struct}s for
     * {@code result} or {@code child}, and the JSON text for a field kept in {@code other_fields}. Typed fields come
     * in schema order, then the others in the order sent. For comparing one notification of an element with the
     * next, field by field.
     */
    public void forEachField(BiConsumer<String, Object> action) {
        mapper.forEachField(this, action);
    }
}
