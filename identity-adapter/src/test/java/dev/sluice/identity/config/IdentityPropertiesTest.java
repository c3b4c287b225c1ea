package dev.sluice.identity.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.identity.config.IdentityProperties.Dev;
import dev.sluice.identity.config.IdentityProperties.DevUser;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityPropertiesTest {

    private static IdentityProperties props(String issuer, Duration human, Duration service) {
        return new IdentityProperties(issuer, null, human, service, null, null, null, null);
    }

    @Test
    void picksTheTtlOfEachKind() {
        IdentityProperties p = props("http://127.0.0.1:8083", Duration.ofMinutes(50), Duration.ofMinutes(10));

        assertThat(p.ttlFor(IdentityKind.HUMAN)).isEqualTo(Duration.ofMinutes(50));
        assertThat(p.ttlFor(IdentityKind.SERVICE)).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.dev().enabled()).isFalse();
        assertThat(p.dev().users()).isEmpty();
    }

    @Test
    void refusesTtlsAboveTheOneHourCap() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> props("http://127.0.0.1:8083", Duration.ofMinutes(61), Duration.ofMinutes(15)))
                .withMessageContaining("human-token-ttl");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> props("http://127.0.0.1:8083", Duration.ofHours(1), Duration.ofHours(2)))
                .withMessageContaining("service-token-ttl");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> props("http://127.0.0.1:8083", Duration.ZERO, Duration.ofMinutes(15)));
    }

    @Test
    void refusesAnIssuerThatIsNotAPlainAbsoluteUrl() {
        assertThatIllegalArgumentException().isThrownBy(() -> props("idp.example", Duration.ofHours(1), Duration.ofMinutes(15)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> props("https://idp.example/?tenant=a", Duration.ofHours(1), Duration.ofMinutes(15)));
    }

    @Test
    void refusesDuplicateDevSubjects() {
        DevUser alice = new DevUser("alice", List.of("dba"), IdentityKind.HUMAN, null);

        assertThatIllegalArgumentException().isThrownBy(() -> new Dev(true, null, List.of(alice, alice))).withMessageContaining("alice");
    }
}
