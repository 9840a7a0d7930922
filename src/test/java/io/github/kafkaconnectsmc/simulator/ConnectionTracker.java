package io.github.kafkaconnectsmc.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ServerSocketFactory;

/**
 * Makes the server's listening socket and remembers every TCP connection it accepts, by accept order. MockWebServer
 * numbers connections the same way ({@code RecordedRequest.getConnectionIndex()}), so the simulator can find the TCP
 * connection under a status socket and cut it without a WebSocket close, as a network fault or crashed SMC would.
 */
final class ConnectionTracker extends ServerSocketFactory {

    private final AtomicInteger accepted = new AtomicInteger();
    private final Map<Integer, Socket> open = new ConcurrentHashMap<>();

    /** The connection MockWebServer numbers {@code connectionIndex}, if it is still open. */
    Socket connection(int connectionIndex) {
        return open.get(connectionIndex);
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return new TrackingServerSocket();
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        ServerSocket socket = createServerSocket();
        socket.bind(new InetSocketAddress(port));
        return socket;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        ServerSocket socket = createServerSocket();
        socket.bind(new InetSocketAddress(port), backlog);
        return socket;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
        ServerSocket socket = createServerSocket();
        socket.bind(new InetSocketAddress(address, port), backlog);
        return socket;
    }

    private final class TrackingServerSocket extends ServerSocket {

        TrackingServerSocket() throws IOException {
            super();
        }

        @Override
        public Socket accept() throws IOException {
            Socket socket = new Socket();
            implAccept(socket);
            // As the SMC's Tomcat does (socket.tcpNoDelay is true by default there). Without it, a response written
            // in two parts waits for the client's delayed ACK: 40 ms per REST call, and as much on status frames.
            socket.setTcpNoDelay(true);
            open.values().removeIf(Socket::isClosed);
            open.put(accepted.getAndIncrement(), socket);
            return socket;
        }
    }
}
