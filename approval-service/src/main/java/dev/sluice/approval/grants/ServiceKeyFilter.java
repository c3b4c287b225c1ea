package dev.sluice.approval.grants;

import dev.sluice.approval.config.SharedKeyFilter;

/**
 * Authenticates policy-service: {@code Authorization: SluiceService <key>} with the configured grant feed key gives
 * the {@value #AUTHORITY} authority, which only reads {@code GET /v1/grants/feed}. A separate key from the gateway's
 * proxy key, so that the policy engine's credential cannot create or release approvals (see
 * {@link SharedKeyFilter}).
 */
public final class ServiceKeyFilter {
    static final String SCHEME = "SluiceService ";
    public static final String AUTHORITY = "ROLE_GRANT_FEED";

    private ServiceKeyFilter() {}

    /** The filter for the configured feed key; empty refuses every {@code SluiceService} caller. */
    public static SharedKeyFilter create(String key) {
        return new SharedKeyFilter(SCHEME, key, "policy-service", AUTHORITY, "service key");
    }
}
