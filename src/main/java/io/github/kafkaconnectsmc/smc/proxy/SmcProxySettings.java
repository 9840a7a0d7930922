package io.github.kafkaconnectsmc.smc.proxy;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.apache.kafka.common.config.types.Password;

/**
 * The HTTP proxy the task reaches the SMC through, for REST calls and the status socket alike, with optional Basic
 * credentials. Without one, the client follows the JVM's proxy settings ({@code https.proxyHost} and friends), as
 * OkHttp does by default. {@link #toString()} never shows the password.
 */
public final class SmcProxySettings {

    private static final SmcProxySettings NONE = new SmcProxySettings(null, Optional.empty(), Optional.empty());

    private final URI url;
    private final Optional<String> username;
    private final Optional<Password> password;

    private SmcProxySettings(URI url, Optional<String> username, Optional<Password> password) {
        this.url = url;
        this.username = username;
        this.password = password;
    }

    public static SmcProxySettings none() {
        return NONE;
    }

    /** A proxy at {@code url} ({@code http://host:port}), with Basic credentials when both are given. */
    public static SmcProxySettings of(URI url, Optional<String> username, Optional<Password> password) {
        Objects.requireNonNull(url, "url");
        if (username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException("a proxy user needs a password and the other way round");
        }
        return new SmcProxySettings(url, username, password);
    }

    public boolean isConfigured() {
        return url != null;
    }

    public void applyTo(OkHttpClient.Builder client) {
        if (url == null) {
            return;
        }
        // Unresolved: with an HTTP proxy the proxy resolves the SMC's name, not the worker.
        client.proxy(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(url.getHost(), url.getPort())));
        if (username.isPresent()) {
            client.proxyAuthenticator(new BasicProxyAuthenticator(username.get(), password.get()));
        }
    }

    @Override
    public String toString() {
        if (url == null) {
            return "no proxy (JVM proxy settings apply)";
        }
        return "proxy " + url + username.map(user -> " as '" + user + "' (password [hidden])").orElse("");
    }
}
