package io.github.kafkaconnectsmc.quickstart;

/**
 * What the user gave the quickstart cannot work: a flag, an environment variable, the configuration file or a setting
 * in it. The message says which and why, and is all that is printed: the quickstart exits with status 2, as for a
 * usage error, instead of reporting a failure with a stack trace.
 */
final class QuickstartInputException extends RuntimeException {

    QuickstartInputException(String message) {
        super(message);
    }
}
