package dev.sluice.identity.federation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Verifies tokens of the configured external issuers and maps them to Sluice identities.
 *
 * <p>The unverified {@code iss} only chooses which issuer's rules apply; the token is then verified completely
 * against that issuer: signature with an asymmetric algorithm from the allow-list by a key of its JWK set,
 * exact issuer, an audience from the issuer's allow-list, expiry and not-before. JWK sets are cached, and
 * refetched — rate-limited — when a token names an unknown {@code kid} (key rotation at the IdP).
 */
public final class FederatedTokenVerifier {

    /** Asymmetric algorithms only: HMAC would let anyone holding the public key forge tokens. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384);

    private static final int MAX_CLOCK_SKEW_SECONDS = 60;

    private final Map<String, IssuerVerifier> byIssuer = new HashMap<>();
    private final int maxTokenLength;

    /**
     * @param properties the trusted issuers
     * @param discovery  resolves an issuer URL to its JWK set URI (OIDC Discovery 1.0 section 4)
     */
    public FederatedTokenVerifier(FederationProperties properties, Function<String, URI> discovery) {
        this.maxTokenLength = properties.maxTokenLength();
        properties.issuers().forEach((name, issuer) -> {
            if (byIssuer.put(issuer.issuer(), new IssuerVerifier(name, issuer, properties, discovery)) != null) {
                throw new IllegalArgumentException("issuer " + issuer.issuer() + " is configured twice under sluice.identity.federation");
            }
        });
    }

    /** Whether {@code issuer} is one of the trusted external issuers. */
    public boolean trusts(String issuer) {
        return byIssuer.containsKey(issuer);
    }

    /** The (unverified) issuer a token claims, or null when it is not a parseable JWT. Only for routing. */
    public String claimedIssuer(String token) {
        if (token == null || token.length() > maxTokenLength) {
            return null;
        }
        try {
            return JWTParser.parse(token).getJWTClaimsSet().getIssuer();
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Verifies an external token and maps it.
     *
     * @throws FederationException with a reason safe to return
     */
    public FederatedIdentity verify(String token) throws FederationException {
        if (token == null || token.isBlank()) {
            throw new FederationException("subject_token is missing");
        }
        if (token.length() > maxTokenLength) {
            throw new FederationException("subject_token is longer than " + maxTokenLength + " characters");
        }
        JWT parsed;
        String issuer;
        try {
            parsed = JWTParser.parse(token);
            issuer = parsed.getJWTClaimsSet().getIssuer();
        } catch (ParseException | RuntimeException e) {
            throw new FederationException("subject_token is not a JWT");
        }
        if (!(parsed instanceof SignedJWT)) {
            throw new FederationException("subject_token is not signed");
        }
        IssuerVerifier verifier = issuer == null ? null : byIssuer.get(issuer);
        if (verifier == null) {
            throw new FederationException("subject_token was issued by an untrusted issuer");
        }
        return verifier.verify((SignedJWT) parsed);
    }

    /** The rules and keys of one external issuer. */
    private static final class IssuerVerifier {
        private final String name;
        private final FederationProperties.Issuer config;
        private final FederationProperties federation;
        private final Function<String, URI> discovery;
        private volatile DefaultJWTProcessor<SecurityContext> processor;
        private volatile long lastDiscoveryFailure;

        IssuerVerifier(String name, FederationProperties.Issuer config, FederationProperties federation,
                Function<String, URI> discovery) {
            this.name = name;
            this.config = config;
            this.federation = federation;
            this.discovery = discovery;
        }

        FederatedIdentity verify(SignedJWT token) throws FederationException {
            JWTClaimsSet claims;
            try {
                claims = processor().process(token, null);
            } catch (BadJWTException e) {
                throw new FederationException("subject_token was refused: " + describe(e));
            } catch (BadJOSEException e) {
                throw new FederationException("subject_token signature is not valid or its key is not trusted");
            } catch (JOSEException | RuntimeException e) {
                throw new FederationException("subject_token could not be verified");
            }
            return map(claims);
        }

        private DefaultJWTProcessor<SecurityContext> processor() throws FederationException {
            DefaultJWTProcessor<SecurityContext> current = processor;
            if (current != null) {
                return current;
            }
            synchronized (this) {
                if (processor != null) {
                    return processor;
                }
                long now = Clock.systemUTC().millis();
                if (now - lastDiscoveryFailure < federation.jwksMinRefreshInterval().toMillis()) {
                    throw new FederationException("the keys of issuer " + config.issuer() + " are not available yet");
                }
                URI jwksUri;
                try {
                    jwksUri = config.jwksUri() != null ? config.jwksUri() : discovery.apply(config.issuer());
                } catch (RuntimeException e) {
                    lastDiscoveryFailure = now;
                    throw new FederationException("the discovery document of issuer " + config.issuer() + " is not available");
                }
                processor = build(jwksUri);
                return processor;
            }
        }

        private DefaultJWTProcessor<SecurityContext> build(URI jwksUri) {
            JWKSource<SecurityContext> keys;
            try {
                keys = JWKSourceBuilder.<SecurityContext>create(jwksUri.toURL())
                        .cache(federation.jwksCacheTtl().toMillis(), 5_000)
                        .rateLimited(federation.jwksMinRefreshInterval().toMillis())
                        .refreshAheadCache(false)
                        .retrying(false)
                        .build();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalStateException("JWK set URI of issuer " + config.issuer() + " is not a URL: " + jwksUri, e);
            }
            DefaultJWTProcessor<SecurityContext> built = new DefaultJWTProcessor<>();
            // Plain JWTs and RFC 9068 access tokens; anything else (e.g. a logout token) is not an identity proof.
            built.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
            built.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
            var claims = new DefaultJWTClaimsVerifier<SecurityContext>(
                    new HashSet<>(config.audiences()),
                    new JWTClaimsSet.Builder().issuer(config.issuer()).build(),
                    Set.of("exp", config.subjectClaim()),
                    null);
            claims.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
            built.setJWTClaimsSetVerifier(claims);
            return built;
        }

        private FederatedIdentity map(JWTClaimsSet claims) throws FederationException {
            Object subjectValue = claims.getClaim(config.subjectClaim());
            if (!(subjectValue instanceof String subject) || subject.isBlank()) {
                throw new FederationException("subject_token has no usable " + config.subjectClaim() + " claim");
            }
            List<String> groups = new ArrayList<>();
            for (String value : ClaimPath.strings(claims.toJSONObject(), config.groupsClaim())) {
                if (value.startsWith(config.groupPrefix()) && value.length() > config.groupPrefix().length()) {
                    groups.add(value.substring(config.groupPrefix().length()));
                }
            }
            return new FederatedIdentity(name, config.subjectPrefix() + subject, groups.stream().distinct().toList(),
                    config.kind(), config.team());
        }

        private static String describe(BadJWTException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("Expired")) {
                return "expired";
            }
            if (message.contains("before use time")) {
                return "not valid yet";
            }
            if (message.contains("aud")) {
                return "audience not allowed";
            }
            if (message.contains("iss")) {
                return "wrong issuer";
            }
            if (message.contains("missing")) {
                return "required claims missing";
            }
            return "invalid claims";
        }
    }
}
