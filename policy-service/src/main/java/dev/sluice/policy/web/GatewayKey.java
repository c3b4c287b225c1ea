package dev.sluice.policy.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The gateway key check of the {@code /v1} API, shared by the main HTTP port ({@link ProxyKeyFilter}) and the
 * decision listener: a caller must send {@code Authorization: SluiceProxy <key>} with the configured key. The key is
 * compared in constant time and never logged or echoed; with no key configured every caller is refused.
 */
final class GatewayKey {

    /** The authorization scheme, with the space that separates it from the key. */
    static final String SCHEME = "SluiceProxy ";

    private static final byte[] MISSING = ("{\"error\":\"unauthorized\",\"message\":\"send Authorization: SluiceProxy <key>"
            + " with the gateway key\"}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] INVALID = "{\"error\":\"unauthorized\",\"message\":\"the proxy key is not valid\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] UNCONFIGURED = ("{\"error\":\"unauthorized\",\"message\":\"no proxy key is configured"
            + " (sluice.policy.security.proxy-key): every caller is refused\"}").getBytes(StandardCharsets.UTF_8);

    private final byte[] key;

    /** @param key the shared key; empty refuses every request */
    GatewayKey(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    /** The 401 JSON body for this {@code Authorization} header, or null when it carries the key. */
    byte[] refusal(String header) {
        if (key.length == 0) {
            return UNCONFIGURED;
        }
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return MISSING;
        }
        byte[] presented = header.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(key, presented) ? null : INVALID;
    }
}
