package io.github.kafkaconnectsmc.smc;

/**
 * The SMC refused the API client key at login (HTTP 401). This is a configuration error, not a passing fault: the
 * message points at {@code smc.api.key} and {@code smc.domain} and never contains the key.
 */
public class SmcLoginRefusedException extends SmcRequestException {

    public SmcLoginRefusedException(String message, int httpStatus) {
        super(message, httpStatus);
    }
}
