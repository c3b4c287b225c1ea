package dev.sluice.identity.issuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.identity.config.IdentityProperties;
import dev.sluice.identity.keys.SigningKeyLoader;
import dev.sluice.identity.keys.SigningKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenIssuerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30.750Z");
    private static final SigningKeys KEYS = new SigningKeys(List.of(SigningKeyLoader.generate()));

    private final IdentityProperties properties =
            new IdentityProperties("https://sluice.example", null, Duration.ofHours(1), Duration.ofMinutes(15), null, null, null, null);
    private final TokenIssuer issuer = new TokenIssuer(properties, KEYS, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void issuesHumanTokensWithEverySluiceClaimForOneHour() throws Exception {
        IssuedToken token = issuer.issue(TokenRequest.of("alice", List.of("dba"), IdentityKind.HUMAN));

        SignedJWT jwt = SignedJWT.parse(token.value());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(KEYS.current().getKeyID());
        assertThat(claims.getIssuer()).isEqualTo("https://sluice.example");
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getAudience()).containsExactly("sluice");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(Instant.parse("2026-03-01T10:15:30Z"));
        assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(Instant.parse("2026-03-01T11:15:30Z"));
        assertThat(claims.getJWTID()).isEqualTo(token.id()).isNotBlank();
        assertThat(claims.getStringListClaim("groups")).containsExactly("dba");
        assertThat(claims.getStringClaim("kind")).isEqualTo("human");
        assertThat(claims.getClaims()).doesNotContainKey("team");
        assertThat(token.lifetime()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void issuesServiceTokensForFifteenMinutesWithTheirTeam() throws Exception {
        IssuedToken token = issuer.issue(new TokenRequest("ci-bot", List.of("agents"), IdentityKind.SERVICE, "platform", null));

        JWTClaimsSet claims = SignedJWT.parse(token.value()).getJWTClaimsSet();
        assertThat(claims.getStringClaim("kind")).isEqualTo("service");
        assertThat(claims.getStringClaim("team")).isEqualTo("platform");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void honoursAShorterRequestedTtl() {
        IssuedToken token = issuer.issue(TokenRequest.of("bob", List.of("analysts"), IdentityKind.HUMAN).withTtl(Duration.ofMinutes(5)));

        assertThat(token.lifetime()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void refusesATtlAboveTheKindsMaximum() {
        TokenRequest tooLong = TokenRequest.of("ci-bot", List.of("agents"), IdentityKind.SERVICE).withTtl(Duration.ofMinutes(16));

        assertThatExceptionOfType(InvalidTokenRequestException.class).isThrownBy(() -> issuer.issue(tooLong))
                .withMessageContaining("PT15M");
        assertThatExceptionOfType(InvalidTokenRequestException.class)
                .isThrownBy(() -> issuer.issue(TokenRequest.of("bob", List.of(), IdentityKind.HUMAN).withTtl(Duration.ofSeconds(-1))));
    }

    @Test
    void givesEveryTokenADistinctId() {
        TokenRequest request = TokenRequest.of("alice", List.of("dba"), IdentityKind.HUMAN);

        assertThat(issuer.issue(request).id()).isNotEqualTo(issuer.issue(request).id());
    }

    @Test
    void keepsTheTokenValueOutOfToString() {
        IssuedToken token = issuer.issue(TokenRequest.of("alice", List.of("dba"), IdentityKind.HUMAN));

        assertThat(token.toString()).doesNotContain(token.value()).contains(token.id());
    }
}
