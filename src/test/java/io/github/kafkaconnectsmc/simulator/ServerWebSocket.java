package io.github.kafkaconnectsmc.simulator;

import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.Buffer;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.ByteString;
import okio.Okio;

/**
 * The server end of one WebSocket (RFC 6455), on the connection an HTTP upgrade handed over: reads the client's frames
 * on the thread that calls {@link #run}, answers pings and the close handshake, and writes the server's frames from a
 * writer thread of its own, all frames queued since its last write in one socket write.
 *
 * <p>Why not OkHttp's {@code RealWebSocket}, which MockWebServer's {@code webSocketUpgrade} uses: it schedules a writer
 * task and makes a socket write for every frame. Pushing status changes as fast as a client reads them, that cost
 * 5-7 µs of CPU per frame, which on the benchmarks' 2-core machine the connector and the broker under test then lacked;
 * a real SMC runs on a machine of its own. Queuing a frame here costs its encoding and a lock.
 *
 * <p>No extension is negotiated (the upgrade answers none), so frames are neither compressed nor use reserved bits.
 */
final class ServerWebSocket implements WebSocket {

    /** As OkHttp's own limit: a socket whose unsent frames would pass it is closed rather than grown without end. */
    static final long MAX_QUEUE_BYTES = 16L << 20;
    /** Commands are small; a client frame larger than this is a protocol error, not a reason to buffer it. */
    private static final int MAX_CLIENT_FRAME_BYTES = 1 << 20;
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private static final int OPCODE_CONTINUATION = 0x0;
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int OPCODE_CLOSE = 0x8;
    private static final int OPCODE_PING = 0x9;
    private static final int OPCODE_PONG = 0xA;
    private static final int CLOSE_NORMAL = 1000;
    private static final int CLOSE_NO_STATUS = 1005;
    private static final int CLOSE_GOING_AWAY = 1001;

    private final okio.Socket socket;
    private final BufferedSource source;
    private final BufferedSink sink;
    private final Request request;
    private final WebSocketListener listener;
    private final String writerName;
    private final CountDownLatch finished = new CountDownLatch(1);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition somethingToWrite = lock.newCondition();
    /** Guarded by {@link #lock}: whole frames not yet handed to the socket. */
    private final Buffer queued = new Buffer();
    /** Guarded by {@link #lock}: pongs, which go out before the frames queued ahead of them, as OkHttp sends them. */
    private final Buffer pongs = new Buffer();
    /** Frame bytes queued and not yet written; written under {@link #lock}, read without it. */
    private volatile long queueSize;
    /** Guarded by {@link #lock}: a close frame is queued, so nothing more may be. */
    private boolean closeQueued;
    /** Guarded by {@link #lock}: the writer has written the close frame. */
    private boolean closeSent;
    /** Guarded by {@link #lock}: the client's close code, once its close frame arrived; -1 before. */
    private int receivedCloseCode = -1;
    /** Guarded by {@link #lock}: the client's close reason, with {@link #receivedCloseCode}. */
    private String receivedCloseReason;
    /** Guarded by {@link #lock}: the socket is closed and the listener told, normally or by failure. */
    private boolean done;

    private ServerWebSocket(okio.Socket socket, Request request, WebSocketListener listener, String writerName) {
        this.socket = socket;
        this.source = Okio.buffer(socket.getSource());
        this.sink = Okio.buffer(socket.getSink());
        this.request = request;
        this.listener = listener;
        this.writerName = writerName;
    }

    /**
     * The answer to a WebSocket handshake: a 101 (with the empty reason phrase SMC 6.4 and later send) that hands the
     * connection to a {@code ServerWebSocket} for {@code listener}, whose writer thread is {@code writerName}; or a
     * 400 when the request is no handshake. Callers may add headers.
     */
    static MockResponse.Builder upgrade(RecordedRequest handshake, WebSocketListener listener, String writerName) {
        String key = handshake.getHeaders().get("Sec-WebSocket-Key");
        if (key == null) {
            return new MockResponse.Builder().code(400).body("Not a WebSocket handshake: no Sec-WebSocket-Key");
        }
        Request request = new Request.Builder().url(handshake.getUrl()).headers(handshake.getHeaders()).build();
        return new MockResponse.Builder().status("HTTP/1.1 101 ")
                .setHeader("Connection", "Upgrade")
                .setHeader("Upgrade", "websocket")
                .setHeader("Sec-WebSocket-Accept", acceptKey(key))
                .socketHandler(socket -> new ServerWebSocket(socket, request, listener, writerName).run());
    }

    /** The {@code Sec-WebSocket-Accept} answer to a handshake's {@code Sec-WebSocket-Key} (RFC 6455, 4.2.2). */
    private static String acceptKey(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-1", e);
        }
    }

    /**
     * Opens the socket to the listener, then reads the client's frames until the close handshake ends or the
     * connection fails; returns only once the socket is closed.
     */
    void run() {
        try {
            // The upgrade's 101 is still in the connection's buffer, and the client sends nothing before it arrives.
            sink.flush();
        } catch (IOException e) {
            fail(e);
            return;
        }
        Thread writer = new Thread(this::writeLoop, writerName);
        writer.setDaemon(true);
        writer.start();
        listener.onOpen(this, new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(101)
                .message("").build());
        try {
            readLoop();
        } catch (IOException | RuntimeException e) {
            // A listener that throws fails the socket, as OkHttp's does, rather than leaving it half served.
            fail(e);
        }
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
        }
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public long queueSize() {
        return queueSize;
    }

    @Override
    public boolean send(String text) {
        // The JDK's encoder, outside the lock: for the ASCII the simulator sends it is about a copy, where okio's
        // character loop (Utf8.size, then writeUtf8) took 40 % of a pushing thread's time.
        return enqueue(OPCODE_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean send(ByteString bytes) {
        return enqueue(OPCODE_BINARY, bytes.toByteArray());
    }

    @Override
    public boolean close(int code, String reason) {
        Buffer payload = new Buffer().writeShort(code);
        if (reason != null) {
            payload.writeUtf8(reason);
        }
        lock.lock();
        try {
            if (closeQueued || done) {
                return false;
            }
            closeQueued = true;
            writeFrame(queued, OPCODE_CLOSE, payload.size());
            queued.write(payload, payload.size());
            somethingToWrite.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void cancel() {
        fail(new IOException("canceled"));
    }

    /** Queues one data frame. */
    private boolean enqueue(int opcode, byte[] payload) {
        lock.lock();
        try {
            if (closeQueued || done) {
                return false;
            }
            if (queueSize + payload.length > MAX_QUEUE_BYTES) {
                // What OkHttp does: a client this far behind is going away.
                close(CLOSE_GOING_AWAY, null);
                return false;
            }
            long before = queued.size();
            writeFrame(queued, opcode, payload.length);
            queued.write(payload);
            queueSize += queued.size() - before;
            somethingToWrite.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A server frame's header: final, unmasked, with the shortest length encoding. */
    private static void writeFrame(Buffer buffer, int opcode, long length) {
        buffer.writeByte(0x80 | opcode);
        if (length < 126) {
            buffer.writeByte((int) length);
        } else if (length <= 0xFFFF) {
            buffer.writeByte(126).writeShort((int) length);
        } else {
            buffer.writeByte(127).writeLong(length);
        }
    }

    private void writeLoop() {
        Buffer batch = new Buffer();
        try {
            while (true) {
                boolean closeInBatch;
                lock.lock();
                try {
                    while (queued.size() == 0 && pongs.size() == 0 && !done) {
                        somethingToWrite.await();
                    }
                    if (done) {
                        return;
                    }
                    batch.write(pongs, pongs.size());
                    batch.write(queued, queued.size());
                    closeInBatch = closeQueued && !closeSent;
                } finally {
                    lock.unlock();
                }
                long written = batch.size();
                sink.write(batch, written);
                sink.flush();
                lock.lock();
                try {
                    queueSize = Math.max(0, queueSize - written);
                    if (closeInBatch) {
                        closeSent = true;
                    }
                } finally {
                    lock.unlock();
                }
                if (closeInBatch) {
                    finishIfBothClosed();
                }
            }
        } catch (IOException e) {
            fail(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
        }
    }

    private void readLoop() throws IOException {
        Buffer message = new Buffer();
        int messageOpcode = -1;
        while (true) {
            int b0 = source.readByte() & 0xFF;
            int b1 = source.readByte() & 0xFF;
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            if ((b0 & 0x70) != 0) {
                throw new ProtocolException("Reserved bits set without an extension");
            }
            if ((b1 & 0x80) == 0) {
                throw new ProtocolException("Client frame not masked");
            }
            long length = b1 & 0x7F;
            if (length == 126) {
                length = source.readShort() & 0xFFFF;
            } else if (length == 127) {
                length = source.readLong();
            }
            if (length < 0 || length > MAX_CLIENT_FRAME_BYTES) {
                throw new ProtocolException("Client frame of " + length + " bytes");
            }
            byte[] mask = source.readByteArray(4);
            byte[] payload = source.readByteArray(length);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
            boolean control = (opcode & 0x08) != 0;
            if (control && (!fin || payload.length > 125)) {
                throw new ProtocolException("Control frame fragmented or longer than 125 bytes");
            }
            switch (opcode) {
                case OPCODE_PING -> queuePong(payload);
                case OPCODE_PONG -> {
                    // Nothing pings the client from here; an unasked pong is allowed and means nothing.
                }
                case OPCODE_CLOSE -> {
                    receivedClose(payload);
                    return;
                }
                case OPCODE_TEXT, OPCODE_BINARY, OPCODE_CONTINUATION -> {
                    if ((opcode == OPCODE_CONTINUATION) != (messageOpcode != -1)) {
                        throw new ProtocolException(opcode == OPCODE_CONTINUATION
                                ? "Continuation frame without a message to continue" : "Message inside a message");
                    }
                    if (opcode != OPCODE_CONTINUATION) {
                        messageOpcode = opcode;
                    }
                    message.write(payload);
                    if (message.size() > MAX_CLIENT_FRAME_BYTES) {
                        throw new ProtocolException("Client message of more than " + MAX_CLIENT_FRAME_BYTES + " bytes");
                    }
                    if (fin) {
                        if (messageOpcode == OPCODE_TEXT) {
                            listener.onMessage(this, message.readUtf8());
                        } else {
                            listener.onMessage(this, message.readByteString());
                        }
                        messageOpcode = -1;
                    }
                }
                default -> throw new ProtocolException("Unknown opcode " + opcode);
            }
        }
    }

    private void queuePong(byte[] payload) {
        lock.lock();
        try {
            if (!closeSent && !done) {
                writeFrame(pongs, OPCODE_PONG, payload.length);
                pongs.write(payload);
                somethingToWrite.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The client's close frame: tells the listener, which answers it with {@link #close}, as OkHttp's listeners do. */
    private void receivedClose(byte[] payload) {
        int code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : CLOSE_NO_STATUS;
        String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        lock.lock();
        try {
            receivedCloseCode = code;
            receivedCloseReason = reason;
        } finally {
            lock.unlock();
        }
        listener.onClosing(this, code, reason);
        // The listener answers with a close of its own; if it did not, the handshake still needs one.
        close(code == CLOSE_NO_STATUS ? CLOSE_NORMAL : code, null);
        finishIfBothClosed();
    }

    /** Once both close frames have passed: closes the connection and tells the listener, once. */
    private void finishIfBothClosed() {
        int code;
        String reason;
        lock.lock();
        try {
            if (done || !closeSent || receivedCloseCode == -1) {
                return;
            }
            code = receivedCloseCode;
            reason = receivedCloseReason;
            markDone();
        } finally {
            lock.unlock();
        }
        end(() -> listener.onClosed(this, code, reason));
    }

    /** The connection failed, or was cut: closes it and tells the listener, unless the socket already ended. */
    private void fail(Exception error) {
        lock.lock();
        try {
            if (done) {
                return;
            }
            markDone();
        } finally {
            lock.unlock();
        }
        end(() -> listener.onFailure(this, error, null));
    }

    /** Under the lock: the socket has ended, and the writer, if waiting, stops. */
    private void markDone() {
        done = true;
        somethingToWrite.signal();
    }

    /**
     * Closes the TCP connection (or TLS over it), which ends a read or write in progress, then tells the listener how
     * the socket ended; {@link #run} returns after that.
     */
    private void end(Runnable tellListener) {
        socket.cancel();
        try {
            tellListener.run();
        } finally {
            finished.countDown();
        }
    }
}
