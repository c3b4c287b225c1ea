package dev.sluice.approval.config;

/**
 * Authenticates the gateway: {@code Authorization: SluiceProxy <key>} with the configured shared key gives the
 * {@code ROLE_PROXY} authority (see {@link SharedKeyFilter}).
 */
final class ProxyKeyFilter {
    static final String SCHEME = "SluiceProxy ";
    static final String AUTHORITY = "ROLE_PROXY";

    private ProxyKeyFilter() {}

    static SharedKeyFilter create(String key) {
        return new SharedKeyFilter(SCHEME, key, "proxy", AUTHORITY, "proxy key");
    }
}
