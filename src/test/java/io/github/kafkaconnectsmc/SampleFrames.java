package io.github.kafkaconnectsmc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Frames as the SMC sends them, looked up by a text the frame contains so that tests read as what they use: the
 * shared sample frames ({@code status-frames.jsonl}, copied from the project's protocol reference) and the two
 * notifications of Forcepoint's own description of the status socket ({@code seed-examples.jsonl}: the VPN endpoint
 * "Corporate VPN", subscription 0, and the engine node "Plano node 1", subscription 5).
 */
public final class SampleFrames {

    /** The element URIs the two documented examples subscribed to. */
    public static final String SEED_VPN_ENDPOINT =
            "http://localhost:8082/7.2.1/elements/vpn/5/tunnels/MiM1OQ==/endpoints/MSMxMTQ=";
    public static final String SEED_ENGINE_NODE = "http://localhost:8082/7.2.1/elements/single_fw/1649/firewall_node/1650";

    private static final List<String> FRAMES = load("/status-frames.jsonl");
    private static final List<String> SEED_EXAMPLES = load("/seed-examples.jsonl");

    private SampleFrames() {
    }

    public static List<String> all() {
        return FRAMES;
    }

    /** The only sample frame containing {@code text}. */
    public static String containing(String text) {
        return only(FRAMES, text);
    }

    /** The documented example containing {@code text}. */
    public static String seedExample(String text) {
        return only(SEED_EXAMPLES, text);
    }

    private static String only(List<String> frames, String text) {
        List<String> matches = frames.stream().filter(frame -> frame.contains(text)).toList();
        if (matches.size() != 1) {
            throw new IllegalArgumentException(matches.size() + " sample frames contain " + text);
        }
        return matches.get(0);
    }

    private static List<String> load(String resource) {
        try (InputStream in = SampleFrames.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
