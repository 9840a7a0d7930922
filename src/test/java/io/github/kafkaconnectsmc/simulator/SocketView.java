package io.github.kafkaconnectsmc.simulator;

import java.util.List;

/**
 * A status socket open now, as a test sees it.
 *
 * @param socketId       numbered from 1 in handshake order
 * @param sessionOrdinal the login the socket's session came from, numbered from 1 (never the session id itself)
 * @param subscriptions  its live subscriptions in id order, as {@code context:fw_single} or
 *                       {@code element:elements/...}
 */
public record SocketView(int socketId, int sessionOrdinal, List<String> subscriptions) {
}
