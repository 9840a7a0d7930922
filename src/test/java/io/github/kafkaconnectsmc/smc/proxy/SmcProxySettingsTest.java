package io.github.kafkaconnectsmc.smc.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

/** What proxy settings show of themselves; SmcProxyTest covers connecting through a proxy. */
class SmcProxySettingsTest {

    private static final String PROXY_USER = "connect";
    private static final String PROXY_PASSWORD = "proxy-pw-6022";

    @Test
    void toStringShowsProxyAndUserButNotThePassword() {
        SmcProxySettings settings = SmcProxySettings.of(URI.create("http://proxy.example.net:3128"),
                Optional.of(PROXY_USER), Optional.of(new Password(PROXY_PASSWORD)));

        assertEquals("proxy http://proxy.example.net:3128 as 'connect' (password [hidden])", settings.toString());
        assertFalse(new BasicProxyAuthenticator(PROXY_USER, new Password(PROXY_PASSWORD)).toString()
                .contains(PROXY_PASSWORD));
    }
}
