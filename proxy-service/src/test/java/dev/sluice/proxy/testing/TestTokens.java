package dev.sluice.proxy.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Mints Sluice tokens with a test key, the way identity-adapter does, including broken ones. */
public final class TestTokens {
    public static final String ISSUER = "http://127.0.0.1:8083";

    private final RSAKey key;

    public TestTokens() {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-key").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public keys, as a verifier would fetch them. */
    public JWKSource<SecurityContext> keys() {
        return new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()));
    }

    /** A valid token for a human. */
    public String human(String subject, String... groups) {
        return token(subject, "human", ISSUER, "sluice", Instant.now().plus(Duration.ofMinutes(10)), groups);
    }

    /** A valid token for a service identity. */
    public String service(String subject, String... groups) {
        return token(subject, "service", ISSUER, "sluice", Instant.now().plus(Duration.ofMinutes(10)), groups);
    }

    /** A token that expired a while ago. */
    public String expired(String subject, String... groups) {
        return token(subject, "human", ISSUER, "sluice", Instant.now().minus(Duration.ofMinutes(10)), groups);
    }

    /** A token for another audience. */
    public String forAudience(String audience, String subject, String... groups) {
        return token(subject, "human", ISSUER, audience, Instant.now().plus(Duration.ofMinutes(10)), groups);
    }

    private String token(String subject, String kind, String issuer, String audience, Instant expiry,
            String... groups) {
        Instant issued = expiry.minus(Duration.ofMinutes(15));
        var claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(audience)
                .issueTime(Date.from(issued))
                .notBeforeTime(Date.from(issued))
                .expirationTime(Date.from(expiry))
                .jwtID(UUID.randomUUID().toString())
                .claim("groups", List.of(groups))
                .claim("kind", kind)
                .build();
        try {
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
