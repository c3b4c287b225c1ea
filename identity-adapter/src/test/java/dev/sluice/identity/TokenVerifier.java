package dev.sluice.identity;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.sluice.contracts.identity.TokenClaims;
import java.util.Set;

/**
 * Test fixture: verifies a token the way every Sluice resource server must, with nimbus against a JWK set:
 * RS256 only, exact issuer, audience {@code sluice}, time claims (60 s skew), required claims present.
 */
public final class TokenVerifier {

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public TokenVerifier(JWKSet jwks, String issuer) {
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256), new ImmutableJWKSet<>(jwks)));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                Set.of(TokenClaims.AUDIENCE),
                new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("sub", "iat", "nbf", "exp", "jti", TokenClaims.GROUPS, TokenClaims.KIND),
                null));
    }

    /** The verified claims; throws nimbus' BadJOSEException (or a parse exception) for anything untrustworthy. */
    public JWTClaimsSet verify(String token) throws Exception {
        return processor.process(token, null);
    }
}
