package io.github.kafkaconnectsmc.smc;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * A REST call to the SMC failed: no answer, or an HTTP status the call does not expect. The message names the call
 * and the status and never carries a credential. {@link #httpStatus()} is 0 when no HTTP answer was received.
 */
public class SmcRequestException extends ConnectException {

    private final int httpStatus;

    public SmcRequestException(String message, int httpStatus) {
        super(message);
        this.httpStatus = httpStatus;
    }

    public SmcRequestException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = 0;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** True when the SMC answered 401: the session expired or was never valid. */
    public boolean isUnauthorized() {
        return httpStatus == 401;
    }
}
