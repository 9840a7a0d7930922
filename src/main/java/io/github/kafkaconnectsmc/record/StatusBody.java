package io.github.kafkaconnectsmc.record;

import com.fasterxml.jackson.core.JsonParser;
import io.github.kafkaconnectsmc.protocol.StatusBodyReader;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.connect.data.Struct;

/**
 * The status body of one notification, mapped while its frame is decoded: the typed fields already in a value
 * {@link Struct} (the connector's own fields are added by {@link StatusRecordMapper} once the subscription is known),
 * the element's name and href as sent, the child references, and every other field as JSON text. Made by
 * {@link StatusRecordMapper#newBody(String)} for one frame and filled by {@link StatusValueMapper}.
 *
 * <p>Not thread safe: one frame, read on one thread.
 */
public final class StatusBody implements StatusBodyReader {

    private final StatusValueMapper mapper;
    private final String frameText;

    // Written by StatusValueMapper while the frame is read.
    /** The typed fields; made on the first one, so that a body that restarts costs nothing. */
    Struct typed;
    /** Bit i: the schema field of index i was sent (possibly as null). */
    long typedFieldsSent;
    String name;
    String href;
    List<Struct> children;
    /** {@code result} or {@code child}: the field {@link #children} came from. */
    String childListField;
    /** Body fields kept as JSON text, in the order sent; null while there are none. */
    Map<String, String> others;

    StatusBody(StatusValueMapper mapper, String frameText) {
        this.mapper = mapper;
        this.frameText = frameText;
    }

    @Override
    public void startBody() {
        typed = null;
        typedFieldsSent = 0;
        name = null;
        href = null;
        children = null;
        childListField = null;
        others = null;
    }

    @Override
    public void bodyField(String field, JsonParser parser) throws IOException {
        mapper.read(this, field, parser);
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
