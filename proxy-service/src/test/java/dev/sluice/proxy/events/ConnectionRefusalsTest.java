package dev.sluice.proxy.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.audit.AuditTypes;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.proxy.testing.RecordingEventSink;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The audit events of refusals that a loopback test cannot provoke, and what they must never carry. */
class ConnectionRefusalsTest {
    private final RecordingEventSink sink = new RecordingEventSink();
    private final ConnectionRefusals refusals = new ConnectionRefusals("p1", JsonMapper.builder().build(), sink);

    @Test
    void auditsARemoteClientWithoutTlsAsATransportSecurityRefusal() {
        var bob = new Identity("bob", List.of("analysts"), IdentityKind.HUMAN);
        refusals.refused(new ConnectionAttempt("postgres", "203.0.113.7", false, "demo", bob, null, null, null),
                "TRANSPORT_SECURITY", "transport_security", "Sluice accepts tokens only over TLS");
        JsonNode event = sink.audits().getFirst();
        assertThat(event.path("type").asString()).isEqualTo(AuditTypes.CONNECTION_REFUSED);
        assertThat(event.path("source").asString()).isEqualTo("sluice://proxy/p1");
        assertThat(event.path("subject").asString()).isEqualTo("bob");
        assertThat(event.path("data").path("refusal").asString()).isEqualTo("transport-security");
        assertThat(event.path("data").path("clientAddress").asString()).isEqualTo("203.0.113.7");
        assertThat(event.path("data").path("tls").asBoolean()).isFalse();
    }

    @Test
    void withholdsATokenPastedAsTheConnectionName() {
        String token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib2IiLCJleHAiOjF9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
        refusals.refused(new ConnectionAttempt("postgres", "127.0.0.1", true, token, null, null, null, null),
                "UNKNOWN_CONNECTION", "unknown_connection", "connection \"" + token + "\" is not configured");
        refusals.refused(new ConnectionAttempt("postgres", "127.0.0.1", true, token, null, null, null, null),
                "AUTHENTICATION", "malformed", "the password is not a Sluice token (JWT)");
        assertThat(sink.auditJson()).hasSize(2).noneMatch(json -> json.contains(token)
                || json.contains("c2lnbmF0dXJlLXNpZ25hdHVyZQ"));
        assertThat(sink.audits().get(0).path("data").path("connection").asString()).startsWith("<withheld");
        assertThat(sink.audits().get(1).path("type").asString()).isEqualTo(AuditTypes.LOGIN_FAILED);
    }
}
