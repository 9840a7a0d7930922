package io.github.kafkaconnectsmc.protocol;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Receives the fields of a notification's status body while {@link StatusProtocol#decode(String, StatusBodyReader)}
 * reads the frame, so that the body is mapped straight from the parser, without a JSON tree in between.
 *
 * <p>The body arrives before the frame's {@code subscription_id} in the documented frames, so a reader must not need
 * to know the subscription; whoever calls {@code decode} pairs the two afterwards.
 */
public interface StatusBodyReader {

    /**
     * A status body starts. Called again, discarding every field received so far, when the wrapper turns out to nest
     * the body ({@code {"status":{"status":{...}}}}) after fields of a flat body were already passed on.
     */
    void startBody();

    /**
     * The parser stands on the value of the body field {@code name} (a scalar token, or the start of an object or
     * array). The reader must consume the whole value, for example with {@link JsonParser#skipChildren()}, and leave
     * the parser on its last token.
     */
    void bodyField(String name, JsonParser parser) throws IOException;
}
