package io.github.kafkaconnectsmc.testing;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Credentials;

/**
 * A small HTTP proxy for tests that does one thing: {@code CONNECT} tunnels, as used for https and wss through a
 * corporate proxy. Every tunnel goes to one fixed target (the test's SMC), whatever host the client asked for, so a
 * test can use an SMC host name that does not resolve and thereby prove the traffic went through the proxy.
 *
 * <p>Optionally demands Basic credentials: a CONNECT without them, or with wrong ones, gets {@code 407} with a
 * {@code Proxy-Authenticate: Basic} challenge and the connection is closed. Every CONNECT is recorded.
 */
public final class ConnectTunnelProxy implements Closeable {

    /** One CONNECT the proxy received: the authority asked for and the Proxy-Authorization sent, if any. */
    public record ConnectRequest(String authority, Optional<String> proxyAuthorization, boolean accepted) {
    }

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Optional<String> expectedAuthorization;
    private final List<ConnectRequest> requests = new CopyOnWriteArrayList<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ConnectTunnelProxy(InetSocketAddress target, Optional<String> expectedAuthorization) throws IOException {
        this.target = target;
        this.expectedAuthorization = expectedAuthorization;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("tunnel-proxy-accept", this::acceptLoop).start();
    }

    /** A proxy that tunnels to {@code target} without asking for credentials. */
    public static ConnectTunnelProxy open(InetSocketAddress target) throws IOException {
        return new ConnectTunnelProxy(target, Optional.empty());
    }

    /** A proxy that tunnels to {@code target} only for a CONNECT carrying these Basic credentials. */
    public static ConnectTunnelProxy requiringCredentials(InetSocketAddress target, String user, String password)
            throws IOException {
        return new ConnectTunnelProxy(target, Optional.of(Credentials.basic(user, password)));
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    public List<ConnectRequest> requests() {
        return List.copyOf(requests);
    }

    /** How many tunnels were opened to the target. */
    public long tunnelsOpened() {
        return requests.stream().filter(ConnectRequest::accepted).count();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                daemon("tunnel-proxy-connection", () -> serve(client)).start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            List<String> head = readHead(in);
            if (head.isEmpty()) {
                client.close();
                return;
            }
            String[] requestLine = head.get(0).split(" ");
            Optional<String> authorization = header(head, "Proxy-Authorization");
            if (requestLine.length < 2 || !requestLine[0].equals("CONNECT")) {
                respondAndClose(client, "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n");
                return;
            }
            boolean authorized = expectedAuthorization.isEmpty() || expectedAuthorization.equals(authorization);
            requests.add(new ConnectRequest(requestLine[1], authorization, authorized));
            if (!authorized) {
                respondAndClose(client, "HTTP/1.1 407 Proxy Authentication Required\r\n"
                        + "Proxy-Authenticate: Basic realm=\"test-proxy\"\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n");
                return;
            }
            Socket upstream = new Socket(target.getAddress(), target.getPort());
            sockets.add(upstream);
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            daemon("tunnel-proxy-up", () -> pump(in, upstream)).start();
            pump(upstream.getInputStream(), client);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /** Copies until end of stream, then half-closes the destination so the other direction can finish. */
    private static void pump(InputStream from, Socket to) {
        byte[] buffer = new byte[8192];
        try {
            OutputStream out = to.getOutputStream();
            for (int n; (n = from.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(to);
        }
    }

    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII).stripTrailing();
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
        return List.of();
    }

    private static Optional<String> header(List<String> head, String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return head.stream().skip(1)
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map(line -> line.substring(prefix.length()).trim())
                .findFirst();
    }

    private static void respondAndClose(Socket client, String response) throws IOException {
        client.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
        client.getOutputStream().flush();
        client.close();
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Closing a test proxy's socket: nothing left to do.
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        sockets.forEach(ConnectTunnelProxy::closeQuietly);
    }
}
