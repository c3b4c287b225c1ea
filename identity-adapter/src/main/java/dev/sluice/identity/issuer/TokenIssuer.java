package dev.sluice.identity.issuer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sluice.contracts.identity.TokenClaims;
import dev.sluice.identity.config.IdentityProperties;
import dev.sluice.identity.keys.SigningKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import java.util.UUID;

/**
 * Issues Sluice gateway tokens: RS256-signed JWTs (RFC 7519) with {@code iss}, {@code sub}, {@code aud=sluice},
 * {@code iat}, {@code nbf}, {@code exp}, {@code jti}, {@code groups}, {@code kind} and optionally {@code team}.
 *
 * <p>The header names the signing key's {@code kid} so verifiers can pick it from the JWKS during rotation.
 * The lifetime defaults to the kind's configured TTL, which is also the most a caller may ask for.
 */
public final class TokenIssuer {

    private final IdentityProperties properties;
    private final SigningKeys keys;
    private final Clock clock;

    public TokenIssuer(IdentityProperties properties, SigningKeys keys, Clock clock) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Signs a token for {@code request}.
     *
     * @throws InvalidTokenRequestException if the requested lifetime is not positive or exceeds the kind's maximum
     */
    public IssuedToken issue(TokenRequest request) {
        Objects.requireNonNull(request, "request");
        Duration ttl = lifetime(request);
        // JWT NumericDate has whole seconds (RFC 7519 section 2); truncating here keeps expires_in exact.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(ttl);
        String id = UUID.randomUUID().toString();

        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .subject(request.subject())
                .audience(TokenClaims.AUDIENCE)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .jwtID(id)
                .claim(TokenClaims.GROUPS, request.groups())
                .claim(TokenClaims.KIND, request.kind().claimValue());
        request.teamClaim().ifPresent(team -> claims.claim(TokenClaims.TEAM, team));

        RSAKey key = keys.current();
        JWSHeader header = new JWSHeader.Builder(SigningKeys.ALGORITHM).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign token with key " + key.getKeyID(), e);
        }
        return new IssuedToken(jwt.serialize(), id, now, expiresAt);
    }

    private Duration lifetime(TokenRequest request) {
        Duration max = properties.ttlFor(request.kind());
        Duration requested = request.ttl();
        if (requested == null) {
            return max;
        }
        if (requested.isNegative() || requested.isZero() || requested.compareTo(max) > 0) {
            throw new InvalidTokenRequestException("ttl must be positive and at most " + max + " for " + request.kind().claimValue()
                    + " tokens, was " + requested);
        }
        if (requested.getNano() != 0) {
            throw new InvalidTokenRequestException("ttl must be whole seconds, was " + requested);
        }
        return requested;
    }
}
