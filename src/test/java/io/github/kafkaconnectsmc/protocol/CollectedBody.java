package io.github.kafkaconnectsmc.protocol;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link StatusBodyReader} that keeps each body field as JSON text, and counts the starts. */
final class CollectedBody implements StatusBodyReader {

    final Map<String, String> fields = new LinkedHashMap<>();
    int starts;

    @Override
    public void startBody() {
        starts++;
        fields.clear();
    }

    @Override
    public void bodyField(String name, JsonParser parser) throws IOException {
        fields.put(name, JsonText.of(parser));
    }
}
