package io.github.kafkaconnectsmc.simulator;

/**
 * Where a client reached the simulated SMC: the base URL it used (scheme and {@code Host} header) and the API version
 * in the request path. Every href the simulator renders is built from it, as a real SMC renders its own address.
 */
record ApiLocation(String baseUrl, String version) {

    /** {@code <base>/<version>/<path>}, for example the href of {@code elements/single_fw/1649}. */
    String href(String path) {
        return baseUrl + "/" + version + "/" + path;
    }
}
