package io.github.kafkaconnectsmc.smc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Reads the name and href pairs a {@link ContextRefresh} needs out of the SMC's REST documents as their bytes arrive,
 * skipping everything else: an element list, {@code {"result":[{"href":..,"name":..,"type":..}, ...]}}, and an
 * engine's document, {@code {"nodes":[{"firewall_node":{"name":..,"link":[{"rel":"self","href":..}]}}, ...]}}. A
 * context of ten thousand engines means ten thousand engine documents; reading each as a stream builds no tree of its
 * links, interfaces and settings only to throw it away.
 *
 * <p>An element is named by {@code name} and located by {@code href}, or, failing that, by the {@code href} of its
 * {@code link} with {@code rel} self (the last, if several). A node entry is either the node itself or, as real SMCs
 * write it, an object whose first field (named after the node's type) holds the node. Entries without both a name and
 * an href are skipped; so is any part of a document in an unexpected shape.
 */
final class ElementReferences {

    private ElementReferences() {
    }

    /** A name and the href it resolves to. */
    record Reference(String name, String href) {
    }

    /** Passes each item of the top-level {@code result} list of an element list to {@code sink}, as it is read. */
    static void readList(JsonParser parser, Consumer<Reference> sink) throws IOException {
        forEachItemOf(parser, "result", () -> {
            Reference item = readObject(parser, false).own();
            if (item != null) {
                sink.accept(item);
            }
        });
    }

    /** Passes each node of the top-level {@code nodes} list of an engine's document to {@code sink}, as it is read. */
    static void readNodes(JsonParser parser, Consumer<Reference> sink) throws IOException {
        forEachItemOf(parser, "nodes", () -> {
            ReadObject entry = readObject(parser, true);
            Reference node = entry.name != null ? entry.own() : entry.wrapped;
            if (node != null) {
                sink.accept(node);
            }
        });
    }

    private interface ItemReader {
        /** Reads one array item, the parser on its first token; returns with the parser on its last. */
        void read() throws IOException;
    }

    /**
     * Runs {@code itemReader} for each object in the array held by the top-level field {@code field}; skips anything
     * else. Reads the whole document, so that the connection is left at the end of the body.
     */
    private static void forEachItemOf(JsonParser parser, String field, ItemReader itemReader) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals(field) && value == JsonToken.START_ARRAY) {
                JsonToken item;
                while ((item = parser.nextToken()) != JsonToken.END_ARRAY && item != null) {
                    if (item == JsonToken.START_OBJECT) {
                        itemReader.read();
                    } else {
                        parser.skipChildren();
                    }
                }
            } else {
                parser.skipChildren();
            }
        }
    }

    /** What one object holds: its own name, href and self link, and (if asked for) its first field's object. */
    private static final class ReadObject {
        private String name;
        private String href;
        private String selfLink;
        private Reference wrapped;

        Reference own() {
            String location = href != null ? href : selfLink;
            return name == null || location == null ? null : new Reference(name, location);
        }
    }

    /**
     * Reads the object the parser is at the start of, up to its end. With {@code readFirstWrapped}, a first field that
     * holds an object is read as a wrapped element.
     */
    private static ReadObject readObject(JsonParser parser, boolean readFirstWrapped) throws IOException {
        ReadObject read = new ReadObject();
        boolean first = true;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (first && readFirstWrapped && value == JsonToken.START_OBJECT) {
                read.wrapped = readObject(parser, false).own();
            } else if (field.equals("name")) {
                read.name = scalarText(parser, value);
            } else if (field.equals("href")) {
                read.href = scalarText(parser, value);
            } else if (field.equals("link") && value == JsonToken.START_ARRAY) {
                read.selfLink = selfLink(parser, read.selfLink);
            } else {
                parser.skipChildren();
            }
            first = false;
        }
        return read;
    }

    /** Reads a {@code link} array; returns the href of its last self link, or {@code found} if it has none. */
    private static String selfLink(JsonParser parser, String found) throws IOException {
        String self = found;
        JsonToken item;
        while ((item = parser.nextToken()) != JsonToken.END_ARRAY && item != null) {
            if (item == JsonToken.START_OBJECT) {
                String rel = null;
                String href = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (field.equals("rel")) {
                        rel = scalarText(parser, value);
                    } else if (field.equals("href")) {
                        href = scalarText(parser, value);
                    } else {
                        parser.skipChildren();
                    }
                }
                if ("self".equals(rel) && href != null) {
                    self = href;
                }
            } else {
                parser.skipChildren();
            }
        }
        return self;
    }

    /** The text of a string, number or boolean value; null for null, and for an object or array (skipped). */
    private static String scalarText(JsonParser parser, JsonToken value) throws IOException {
        if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }
}
