package io.github.kafkaconnectsmc.simulator;

import okhttp3.Request;
import okhttp3.WebSocket;
import okio.ByteString;

/**
 * A client socket for driving a {@link StatusSocketConnection} without OkHttp or TCP: it takes every frame and drops
 * it, and its send queue is always empty. Tests and benchmarks override what they watch.
 */
class DiscardingWebSocket implements WebSocket {

    @Override
    public boolean send(String text) {
        return true;
    }

    @Override
    public boolean send(ByteString bytes) {
        return true;
    }

    @Override
    public long queueSize() {
        return 0;
    }

    @Override
    public Request request() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean close(int code, String reason) {
        return true;
    }

    @Override
    public void cancel() {
    }
}
