package dev.sluice.identity.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.sluice.contracts.identity.IdentityKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Verification and mapping of external tokens against a second, in-process issuer. */
class FederatedTokenVerifierTest {

    private final ExternalIssuer idp = newIssuer();

    private static ExternalIssuer newIssuer() {
        try {
            return new ExternalIssuer();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    private FederatedTokenVerifier verifier(Duration minRefresh, FederationProperties.Issuer issuer) {
        return new FederatedTokenVerifier(new FederationProperties(Map.of("corp", issuer), Duration.ofMinutes(5), minRefresh, 16384),
                new OidcDiscovery());
    }

    private FederationProperties.Issuer keycloakStyle() {
        return new FederationProperties.Issuer(idp.issuer(), null, List.of("sluice-gateway"), "realm_access.roles", "sluice-",
                "preferred_username", "corp:", IdentityKind.HUMAN, null);
    }

    @Test
    void mapsNestedRolesWithAPrefixAndTheConfiguredSubjectClaim() throws Exception {
        String token = idp.sign(idp.claims("f81d4fae").claim("preferred_username", "alice")
                .claim("realm_access", Map.of("roles", List.of("sluice-dba", "offline_access", "sluice-analysts"))).build());

        FederatedIdentity identity = verifier(Duration.ofSeconds(30), keycloakStyle()).verify(token);

        assertThat(identity.subject()).isEqualTo("corp:alice");
        assertThat(identity.groups()).containsExactly("dba", "analysts");
        assertThat(identity.kind()).isEqualTo(IdentityKind.HUMAN);
        assertThat(identity.issuerName()).isEqualTo("corp");
    }

    @Test
    void refusesTokensOutsideTheAudienceAllowListExpiredOrNotYetValid() throws Exception {
        FederatedTokenVerifier verifier = verifier(Duration.ofSeconds(30), keycloakStyle());
        Instant past = Instant.now().minus(Duration.ofHours(2));
        String otherAudience = idp.sign(idp.claims("a").claim("preferred_username", "a").audience("grafana").build());
        String expired = idp.sign(idp.claims("a").claim("preferred_username", "a").issueTime(Date.from(past))
                .notBeforeTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(60))).build());
        String future = idp.sign(idp.claims("a").claim("preferred_username", "a")
                .notBeforeTime(Date.from(Instant.now().plusSeconds(3600))).build());

        assertThatExceptionOfType(FederationException.class).isThrownBy(() -> verifier.verify(otherAudience)).withMessageContaining("audience");
        assertThatExceptionOfType(FederationException.class).isThrownBy(() -> verifier.verify(expired)).withMessageContaining("expired");
        assertThatExceptionOfType(FederationException.class).isThrownBy(() -> verifier.verify(future)).withMessageContaining("not valid yet");
    }

    @Test
    void refusesUnsignedHmacForgedAndForeignTokens() throws Exception {
        FederatedTokenVerifier verifier = verifier(Duration.ofSeconds(30), keycloakStyle());
        var claims = idp.claims("a").claim("preferred_username", "a").build();
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(idp.signingKey().getKeyID()).build(), claims);
        // The classic confusion attack: the RSA public key used as an HMAC secret.
        hmac.sign(new MACSigner(idp.signingKey().toPublicJWK().toJSONString().getBytes()));
        String forged = ExternalIssuer.sign(claims, ExternalIssuer.newKey());
        String foreign;
        try (ExternalIssuer other = new ExternalIssuer()) {
            foreign = other.sign(other.claims("a").claim("preferred_username", "a").build());
        }

        assertThatExceptionOfType(FederationException.class).isThrownBy(() -> verifier.verify(new PlainJWT(claims).serialize()))
                .withMessageContaining("not signed");
        assertThatExceptionOfType(FederationException.class).isThrownBy(() -> verifier.verify(hmac.serialize()))
                .withMessageContaining("signature");
        assertThatExceptionOfType(FederationException.class).isThrownBy(() -> verifier.verify(forged)).withMessageContaining("signature");
        assertThatExceptionOfType(FederationException.class).isThrownBy(() -> verifier.verify(foreign)).withMessageContaining("untrusted issuer");
        assertThatExceptionOfType(FederationException.class).isThrownBy(() -> verifier.verify("x".repeat(20_000)))
                .withMessageContaining("longer");
    }

    @Test
    void picksUpARotatedKeyOnItsUnknownKidButRateLimitsRefetches() throws Exception {
        FederatedTokenVerifier verifier = verifier(Duration.ofSeconds(30), keycloakStyle());
        assertThat(verifier.verify(idp.sign(idp.claims("a").claim("preferred_username", "a").build())).subject()).isEqualTo("corp:a");
        int fetchesAfterFirst = idp.jwksFetches();

        idp.rotate();
        assertThat(verifier.verify(idp.sign(idp.claims("b").claim("preferred_username", "b").build())).subject()).isEqualTo("corp:b");
        int fetchesAfterRotation = idp.jwksFetches();
        var stranger = ExternalIssuer.newKey();
        for (int i = 0; i < 25; i++) {
            var withFreshKid = new com.nimbusds.jose.jwk.RSAKey.Builder(stranger).keyID("unknown-" + i).build();
            String unknownKid = ExternalIssuer.sign(idp.claims("c").claim("preferred_username", "c").build(), withFreshKid);
            assertThatExceptionOfType(FederationException.class).isThrownBy(() -> verifier.verify(unknownKid));
        }

        assertThat(fetchesAfterFirst).isEqualTo(1);
        assertThat(fetchesAfterRotation).isEqualTo(2);
        // 25 unknown kids within the 30 s interval: at most one more fetch, not 25.
        assertThat(idp.jwksFetches()).isLessThanOrEqualTo(3);
    }
}
