package dev.sluice.proxy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.proxy.config.ProxyProperties;
import dev.sluice.proxy.testing.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
    private static final ProxyProperties.Identity CONFIG = new ProxyProperties.Identity("http://127.0.0.1:1/jwks",
            TestTokens.ISSUER, "sluice", List.of("RS256", "ES256"), 8192, Duration.ofSeconds(5));

    private final TestTokens tokens = new TestTokens();
    private final TokenVerifier verifier = new TokenVerifier(CONFIG, tokens.keys());

    @Test
    void acceptsAValidTokenAndReadsTheIdentity() {
        var identity = verifier.verify(tokens.service("ci-bot", "agents"));
        assertThat(identity.subject()).isEqualTo("ci-bot");
        assertThat(identity.groups()).containsExactly("agents");
        assertThat(identity.kind()).isEqualTo(IdentityKind.SERVICE);
    }

    @Test
    void refusesExpiredForeignAudienceAndForeignKeyTokens() {
        assertRefused(tokens.expired("bob"), "expired");
        assertRefused(tokens.forAudience("other", "bob"), "audience");
        assertRefused(new TestTokens().human("bob"), "signature");
    }

    @Test
    void refusesUnsignedTokens() {
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)).toString();
        String valid = tokens.human("bob", "dba");
        String claims = valid.split("\\.")[1];
        assertRefused(header + "." + claims + ".", "");
    }

    @Test
    void refusesHmacTokensEvenWhenKeyedWithThePublicKey() throws Exception {
        String valid = tokens.human("bob", "dba");
        JWTClaimsSet claims = SignedJWT.parse(valid).getJWTClaimsSet();
        var forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("test-key").build(), claims);
        byte[] secret = new byte[64];
        forged.sign(new MACSigner(secret));
        assertRefused(forged.serialize(), "");
    }

    @Test
    void refusesOversizedAndMalformedTokensQuickly() {
        assertRefused("x".repeat(1_000_000), "longer than");
        assertRefused("a.b.c", "");
        assertRefused("", "no token");
    }

    @Test
    void refusesTokensThatAreNotYetValid() throws Exception {
        String valid = tokens.human("bob", "dba");
        JWTClaimsSet claims = SignedJWT.parse(valid).getJWTClaimsSet();
        assertThat(claims.getNotBeforeTime()).isBefore(new Date());
    }

    private void assertRefused(String token, String reasonFragment) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOfSatisfying(RefusedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RefusalKind.AUTHENTICATION);
                    assertThat(e.getMessage()).contains(reasonFragment);
                });
    }
}
