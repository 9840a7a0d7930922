package io.github.kafkaconnectsmc.simulator;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/**
 * The element lists and element documents of a catalog, rendered once, when the simulator starts, instead of for
 * every request: a benchmark's connector reads ten thousand engine documents, and the simulator shares the machine
 * with it, so the time it spends serving them should be writing bytes, not building and printing JSON trees.
 *
 * <p>A document's hrefs hold the address the client used ({@link ApiLocation}), which only a request tells. Each
 * document is therefore kept as its JSON text cut at every href's location prefix; serving it writes the pieces with
 * the request's {@code <base>/<version>/} between them. The catalog's tree is fixed once built, so what is rendered
 * stays true.
 *
 * <p>Thread safety: immutable once built; serves any number of requests at once.
 */
final class RenderedDocuments {

    /**
     * Stands in for {@code <base>/<version>} while rendering. A control character, which no catalog name or path holds:
     * JSON prints it as a six-character escape, which is what {@link #LOCATION_IN_JSON} looks for.
     */
    private static final String LOCATION_MARK = "\u0001";
    private static final ApiLocation MARKED = new ApiLocation(LOCATION_MARK, LOCATION_MARK);
    private static final String LOCATION_IN_JSON = "\\u0001/\\u0001/";

    private final Map<String, Template> listByType = new HashMap<>();
    private final Map<String, Template> documentByPath = new HashMap<>();

    RenderedDocuments(ElementCatalog catalog) {
        for (String type : SmcFamilies.REST_TYPES) {
            catalog.listed(type).ifPresent(elements ->
                    listByType.put(type, Template.of(RestDocuments.elementList(MARKED, elements))));
        }
        for (CatalogElement element : catalog.all()) {
            documentByPath.put(element.path(), Template.of(RestDocuments.elementDocument(MARKED, element)));
        }
    }

    /** What {@code GET /{version}/elements/{type}} answers; empty for a type the REST API does not know. */
    Optional<MockResponseBody> list(String type, ApiLocation location) {
        return Optional.ofNullable(listByType.get(type)).map(template -> template.at(location));
    }

    /** What {@code GET /{version}/elements/...} answers for the element at {@code path}, if there is one. */
    Optional<MockResponseBody> document(String path, ApiLocation location) {
        return Optional.ofNullable(documentByPath.get(path)).map(template -> template.at(location));
    }

    /** A document's UTF-8 text, cut wherever an href's location prefix goes. */
    private record Template(List<byte[]> pieces) {

        static Template of(ObjectNode document) {
            String json = document.toString();
            List<byte[]> pieces = new ArrayList<>();
            int from = 0;
            for (int mark = json.indexOf(LOCATION_IN_JSON); mark >= 0; mark = json.indexOf(LOCATION_IN_JSON, from)) {
                pieces.add(json.substring(from, mark).getBytes(StandardCharsets.UTF_8));
                from = mark + LOCATION_IN_JSON.length();
            }
            pieces.add(json.substring(from).getBytes(StandardCharsets.UTF_8));
            return new Template(List.copyOf(pieces));
        }

        /** The document with {@code location}'s {@code <base>/<version>/} in every href. */
        MockResponseBody at(ApiLocation location) {
            byte[] prefix = new String(JsonStringEncoder.getInstance().quoteAsString(location.href("")))
                    .getBytes(StandardCharsets.UTF_8);
            long length = (long) prefix.length * (pieces.size() - 1);
            for (byte[] piece : pieces) {
                length += piece.length;
            }
            long contentLength = length;
            return new MockResponseBody() {
                @Override
                public long getContentLength() {
                    return contentLength;
                }

                @Override
                public void writeTo(BufferedSink sink) throws IOException {
                    sink.write(pieces.get(0));
                    for (int i = 1; i < pieces.size(); i++) {
                        sink.write(prefix).write(pieces.get(i));
                    }
                    // MockWebServer flushes the bodies it builds itself, not one it is given.
                    sink.flush();
                }
            };
        }
    }
}
