package io.github.kafkaconnectsmc.smc.tls;

import io.github.kafkaconnectsmc.smc.SmcRequestException;

/**
 * The TLS handshake with the SMC failed in a way a retry cannot cure: its certificate is not trusted, has expired or
 * does not name the host, it refused the client certificate, or the port does not speak TLS. Nothing changes until
 * a setting or the SMC's certificate does; the message says which. It never carries a credential.
 */
public class SmcTlsException extends SmcRequestException {

    public SmcTlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
