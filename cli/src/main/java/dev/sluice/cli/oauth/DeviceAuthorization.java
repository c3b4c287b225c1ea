package dev.sluice.cli.oauth;

import java.time.Duration;
import java.util.Objects;

/**
 * The device authorization response (RFC 8628 section 3.2).
 *
 * @param deviceCode              {@code device_code}: a secret the CLI polls with, never shown
 * @param userCode                {@code user_code}: what the user types at the verification page
 * @param verificationUri         {@code verification_uri}
 * @param verificationUriComplete {@code verification_uri_complete}, or {@code null}
 * @param expiresIn               {@code expires_in}
 * @param interval                {@code interval}, 5 s when absent (section 3.2)
 */
public record DeviceAuthorization(String deviceCode, String userCode, String verificationUri, String verificationUriComplete,
        Duration expiresIn, Duration interval) {

    public DeviceAuthorization {
        Objects.requireNonNull(deviceCode, "deviceCode");
        Objects.requireNonNull(userCode, "userCode");
        Objects.requireNonNull(verificationUri, "verificationUri");
        Objects.requireNonNull(expiresIn, "expiresIn");
        Objects.requireNonNull(interval, "interval");
    }

    @Override
    public String toString() {
        return "DeviceAuthorization[userCode=" + userCode + ", verificationUri=" + verificationUri + ", expiresIn=" + expiresIn
                + ", interval=" + interval + "]";
    }
}
