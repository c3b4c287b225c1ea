package dev.sluice.approval.config;

import dev.sluice.contracts.event.Topics;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of approval-service under {@code sluice.approval}.
 *
 * @param publicUrl           base URL reviewers open; the proxy's notice names {@code <publicUrl>/approvals/<id>};
 *                            default {@code http://127.0.0.1:8080}
 * @param proxyKey            shared secret proxies present as {@code Authorization: SluiceProxy <key>} to create,
 *                            wait for, cancel and consume requests; empty (the default) means no proxy may
 * @param maxWait             longest single long-poll of {@code GET /v1/approvals/{id}/wait}; default 60 s
 * @param maxTimeout          longest waiting time a policy may ask for; default 24 h
 * @param useWithin           how long after approval the statement may still be released; default 5 min
 * @param expirySweepInterval how often pending requests past their expiry are marked EXPIRED; default 1 s
 * @param security            how bearer tokens are verified
 * @param audit               where transitions are published
 */
@ConfigurationProperties("sluice.approval")
public record ApprovalProperties(
        @DefaultValue("http://127.0.0.1:8080") String publicUrl,
        @DefaultValue("") String proxyKey,
        @DefaultValue("60s") Duration maxWait,
        @DefaultValue("24h") Duration maxTimeout,
        @DefaultValue("5m") Duration useWithin,
        @DefaultValue("1s") Duration expirySweepInterval,
        @DefaultValue Security security,
        @DefaultValue Audit audit) {

    public ApprovalProperties {
        Objects.requireNonNull(publicUrl, "publicUrl");
        publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        proxyKey = proxyKey == null ? "" : proxyKey;
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(maxTimeout, "maxTimeout");
        Objects.requireNonNull(useWithin, "useWithin");
        Objects.requireNonNull(expirySweepInterval, "expirySweepInterval");
    }

    /**
     * Bearer-token verification against identity-adapter (RFC 6750 bearer tokens, RFC 7517 JWK set).
     *
     * @param jwksUri   the issuer's JWK set; default {@code http://127.0.0.1:8083/.well-known/jwks.json}
     * @param issuer    the exact {@code iss}; default {@code http://127.0.0.1:8083}
     * @param clockSkew tolerance for {@code exp}/{@code nbf}; default 30 s
     * @param revocationsUri identity-adapter's revocation list; default (blank) {@code /v1/revocations} on the JWK
     *                  set's server; {@code none} turns revocation checks off
     * @param revocationRefresh how often the list is pulled, which bounds how late a revocation takes effect;
     *                  default 5 s
     * @param revocationMaxStaleness when the list could not be refreshed for this long, every token is refused
     *                  (fail closed); default 2 min
     */
    public record Security(
            @DefaultValue("http://127.0.0.1:8083/.well-known/jwks.json") URI jwksUri,
            @DefaultValue("http://127.0.0.1:8083") String issuer,
            @DefaultValue("30s") Duration clockSkew,
            @DefaultValue("") String revocationsUri,
            @DefaultValue("5s") Duration revocationRefresh,
            @DefaultValue("2m") Duration revocationMaxStaleness) {}

    /**
     * Audit events of every transition.
     *
     * @param enabled whether events are published; default true
     * @param topic   Kafka topic; default {@value Topics#AUDIT}
     */
    public record Audit(@DefaultValue("true") boolean enabled, @DefaultValue(Topics.AUDIT) String topic) {}
}
