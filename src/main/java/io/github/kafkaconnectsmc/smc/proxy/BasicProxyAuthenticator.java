package io.github.kafkaconnectsmc.smc.proxy;

import okhttp3.Authenticator;
import okhttp3.Credentials;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;
import org.apache.kafka.common.config.types.Password;

/**
 * Answers a proxy's {@code 407 Proxy Authentication Required} with Basic credentials, once. The credentials are sent
 * only when the proxy asks: OkHttp's pre-emptive call before a CONNECT is declined, so a proxy that needs none
 * never sees them. A second 407 means the proxy refused them; the call then fails instead of looping.
 */
final class BasicProxyAuthenticator implements Authenticator {

    /** What OkHttp puts in the fake 407 it passes before opening a tunnel. */
    private static final String PREEMPTIVE_CHALLENGE = "OkHttp-Preemptive";

    private final String username;
    private final Password password;

    BasicProxyAuthenticator(String username, Password password) {
        this.username = username;
        this.password = password;
    }

    @Override
    public Request authenticate(Route route, Response response) {
        if (response.code() != 407 || PREEMPTIVE_CHALLENGE.equalsIgnoreCase(response.header("Proxy-Authenticate"))) {
            return null;
        }
        if (response.request().header("Proxy-Authorization") != null) {
            return null;
        }
        return response.request().newBuilder()
                .header("Proxy-Authorization", Credentials.basic(username, password.value()))
                .build();
    }

    @Override
    public String toString() {
        return "BasicProxyAuthenticator(" + username + ", password [hidden])";
    }
}
