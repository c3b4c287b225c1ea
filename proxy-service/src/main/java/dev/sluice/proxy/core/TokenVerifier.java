package dev.sluice.proxy.core;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.contracts.identity.TokenClaims;
import dev.sluice.proxy.config.ProxyProperties;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.MalformedURLException;
import dev.sluice.proxy.identity.SessionGuard;
import dev.sluice.security.RevocationList;
import dev.sluice.proxy.identity.VerifiedToken;
import java.text.ParseException;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies Sluice tokens (JWT, RFC 7519) against identity-adapter's JWK set: signature with an allow-listed
 * algorithm (so {@code alg: none} and HMAC-with-the-public-key are refused), issuer, audience, expiry and
 * not-before. The JWK set is cached and refetched, rate-limited, when a token names an unknown {@code kid}.
 *
 * <p>Then revocation: a token whose {@code jti} or subject is on identity-adapter's revocation list is refused,
 * and the {@link SessionGuard} keeps checking the tokens of live sessions, ending them when a token expires or
 * is revoked.
 */
public final class TokenVerifier implements AutoCloseable {
    private final DefaultJWTProcessor<SecurityContext> processor;
    private final int maxTokenLength;
    private final RevocationList revocations;
    private final SessionGuard guard;

    public TokenVerifier(ProxyProperties.Identity config) {
        this(config, remoteKeys(config.jwksUri()), revocationList(config));
    }

    /** Verifies against the given key source (tests pass a local one), without revocation checks. */
    public TokenVerifier(ProxyProperties.Identity config, JWKSource<SecurityContext> keys) {
        this(config, keys, RevocationList.disabled());
    }

    /** Verifies against the given key source and revocation list. */
    public TokenVerifier(ProxyProperties.Identity config, JWKSource<SecurityContext> keys, RevocationList revocations) {
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        for (String name : config.algorithms()) {
            JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
            if (!JWSAlgorithm.Family.RSA.contains(algorithm) && !JWSAlgorithm.Family.EC.contains(algorithm)) {
                throw new IllegalArgumentException("sluice.proxy.identity.algorithms: only RSA and EC algorithms may be"
                        + " accepted, not " + name);
            }
            algorithms.add(algorithm);
        }
        var claimsVerifier = new DefaultJWTClaimsVerifier<SecurityContext>(
                Set.of(config.audience()),
                new JWTClaimsSet.Builder().issuer(config.issuer()).build(),
                Set.of("sub", "exp", "iat", TokenClaims.KIND),
                Set.of());
        claimsVerifier.setMaxClockSkew((int) config.clockSkew().toSeconds());
        this.processor = new DefaultJWTProcessor<>();
        this.processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        this.processor.setJWTClaimsSetVerifier(claimsVerifier);
        this.maxTokenLength = config.maxTokenLength();
        this.revocations = revocations;
        this.guard = new SessionGuard(revocations, config.sessionCheckInterval(), Clock.systemUTC());
    }

    private static RevocationList revocationList(ProxyProperties.Identity config) {
        if (ProxyProperties.Identity.NO_REVOCATIONS.equals(config.revocationsUri())) {
            return RevocationList.disabled();
        }
        return RevocationList.polling(URI.create(config.revocationsUri()), config.revocationRefresh(),
                config.revocationMaxStaleness());
    }

    /** Watches live sessions' tokens (expiry, revocation). */
    public SessionGuard guard() {
        return guard;
    }

    private static JWKSource<SecurityContext> remoteKeys(String jwksUri) {
        try {
            return JWKSourceBuilder.create(new URI(jwksUri).toURL()).retrying(true).build();
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("sluice.proxy.identity.jwks-uri is not a URL: " + jwksUri, e);
        }
    }

    /**
     * Verifies a token and returns the identity it proves.
     *
     * @throws RefusedException of kind AUTHENTICATION with a reason safe to show the client
     */
    public Identity verify(String token) {
        return verifyToken(token).identity();
    }

    /**
     * Verifies a token, checks the revocation list, and returns what a session needs to keep checking it.
     *
     * @throws RefusedException of kind AUTHENTICATION with a reason safe to show the client
     */
    public VerifiedToken verifyToken(String token) {
        if (token == null || token.isBlank()) {
            throw refused("missing", "no token was given as the password");
        }
        if (token.length() > maxTokenLength) {
            throw refused("too-long", "the token is longer than " + maxTokenLength + " characters");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token.strip(), null);
        } catch (ParseException e) {
            throw refused("malformed", "the password is not a Sluice token (JWT)");
        } catch (BadJWTException e) {
            throw refused(category(e), describe(e));
        } catch (BadJOSEException e) {
            throw refused("signature", "the token signature is not valid or its key is not trusted");
        } catch (JOSEException e) {
            throw refused("unverifiable", "the token could not be verified");
        } catch (RuntimeException e) {
            // Nimbus can throw unchecked exceptions on hostile input (e.g. absurd nesting); still a refusal.
            throw refused("unverifiable", "the token could not be verified");
        }
        if (claims.getExpirationTime() == null || claims.getIssueTime() == null) {
            throw refused("claims", "the token must carry exp and iat");
        }
        VerifiedToken verified = new VerifiedToken(toIdentity(claims), claims.getJWTID(),
                claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
        var revoked = revocations.refusal(verified.jti(), verified.identity().subject(), verified.issuedAt());
        if (revoked.isPresent()) {
            throw refused("revoked", revoked.get());
        }
        return verified;
    }

    @Override
    public void close() {
        guard.close();
    }

    private static String describe(BadJWTException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("Expired")) {
            return "the token has expired";
        }
        if (message.contains("before use time")) {
            return "the token is not valid yet";
        }
        if (message.contains("aud")) {
            return "the token is not meant for Sluice (audience)";
        }
        if (message.contains("iss")) {
            return "the token was issued by an untrusted issuer";
        }
        return "the token was refused: " + message;
    }

    private static Identity toIdentity(JWTClaimsSet claims) {
        try {
            String subject = claims.getSubject();
            IdentityKind kind = IdentityKind.fromClaim(claims.getStringClaim(TokenClaims.KIND))
                    .orElseThrow(() -> refused("claims", "the token's kind claim must be human or service"));
            List<String> groups = claims.getStringListClaim(TokenClaims.GROUPS);
            return new Identity(subject, groups == null ? List.of() : groups, kind);
        } catch (ParseException e) {
            throw refused("claims", "the token's groups or kind claim is malformed");
        }
    }

    private static RefusedException refused(String category, String reason) {
        return new RefusedException(RefusalKind.AUTHENTICATION, category, reason);
    }

    private static String category(BadJWTException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("Expired")) {
            return "expired";
        }
        if (message.contains("before use time")) {
            return "not-yet-valid";
        }
        if (message.contains("aud")) {
            return "audience";
        }
        if (message.contains("iss")) {
            return "issuer";
        }
        return "claims";
    }
}
