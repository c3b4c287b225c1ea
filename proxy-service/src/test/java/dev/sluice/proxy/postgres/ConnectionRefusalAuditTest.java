package dev.sluice.proxy.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.audit.AuditTypes;
import dev.sluice.proxy.testing.ProxyFixture;
import dev.sluice.proxy.testing.ScriptedPolicyServer;
import dev.sluice.proxy.testing.TargetDatabase;
import dev.sluice.proxy.testing.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import tools.jackson.databind.JsonNode;

/** Every refused PostgreSQL connection attempt reaches the audit feed, with what was known and never the token. */
class ConnectionRefusalAuditTest {
    private static TargetDatabase target;
    private static TestTokens tokens;
    private ScriptedPolicyServer policy;
    private ProxyFixture proxy;

    @BeforeAll
    static void startTarget() throws Exception {
        target = new TargetDatabase();
        tokens = new TestTokens();
    }

    @AfterAll
    static void stopTarget() throws Exception {
        target.close();
    }

    @BeforeEach
    void startProxy() throws Exception {
        policy = new ScriptedPolicyServer();
        proxy = new ProxyFixture(target, TargetDatabase.SCRAM_USER, policy.url(), tokens, 2);
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
        policy.close();
    }

    @Test
    void auditsARefusedTokenAsLoginFailedWithTheClientAddressAndNeverTheToken() {
        String expired = tokens.expired("bob", "analysts");
        for (String token : List.of("not-a-token", expired)) {
            assertThatThrownBy(() -> connect("demo", token)).isInstanceOf(PSQLException.class);
        }
        List<JsonNode> failed = awaitAudits(AuditTypes.LOGIN_FAILED, 2);
        assertThat(failed).extracting(e -> e.path("data").path("reasonCode").asString())
                .containsExactly("malformed", "expired");
        for (JsonNode event : failed) {
            assertThat(event.path("subject").asString()).isEqualTo("-");
            assertThat(event.path("data").path("clientAddress").asString()).isEqualTo("127.0.0.1");
            assertThat(event.path("data").path("connection").asString()).isEqualTo("demo");
            assertThat(event.path("data").path("protocol").asString()).isEqualTo("postgres");
            assertThat(event.path("data").path("tls").asBoolean()).isFalse();
        }
        assertThat(proxy.events().auditJson()).noneMatch(json -> json.contains(expired)
                || json.contains(expired.substring(expired.lastIndexOf('.') + 1)) || json.contains("not-a-token"));
    }

    @Test
    void auditsAnUnknownConnectionWithTheVerifiedSubject() {
        assertThatThrownBy(() -> connect("nowhere", tokens.human("bob", "analysts")))
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("3D000"));
        JsonNode event = awaitAudits(AuditTypes.CONNECTION_REFUSED, 1).getFirst();
        assertThat(event.path("subject").asString()).isEqualTo("bob");
        JsonNode data = event.path("data");
        assertThat(data.path("refusal").asString()).isEqualTo("unknown-connection");
        assertThat(data.path("connection").asString()).isEqualTo("nowhere");
        assertThat(data.path("clientAddress").asString()).isEqualTo("127.0.0.1");
        assertThat(data.path("groups").get(0).asString()).isEqualTo("analysts");
        assertThat(data.path("identityKind").asString()).isEqualTo("HUMAN");
    }

    @Test
    void auditsAPolicyRefusalAtSessionStartWithTheRefusingRuleAndSession() {
        policy.answer(request -> ScriptedPolicyServer.decision("DENY", "analysts may not connect off hours",
                "office-hours"));
        assertThatThrownBy(() -> connect("demo", tokens.human("bob", "analysts")))
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
        JsonNode event = awaitAudits(AuditTypes.CONNECTION_REFUSED, 1).getFirst();
        JsonNode data = event.path("data");
        assertThat(event.path("subject").asString()).isEqualTo("bob");
        assertThat(data.path("refusal").asString()).isEqualTo("authorization");
        assertThat(data.path("ruleId").asString()).isEqualTo("office-hours");
        assertThat(data.path("policyVersion").asString()).isEqualTo("v1");
        assertThat(data.path("reason").asString()).contains("analysts may not connect off hours");
        assertThat(data.path("sessionId").asString())
                .isEqualTo(policy.requests().getFirst().path("sessionId").asString()).isNotEmpty();
        assertThat(data.path("connection").asString()).isEqualTo("demo");
        assertThat(proxy.events().audits()).noneMatch(e -> e.path("type").asString()
                .equals(AuditTypes.LOGIN_SUCCEEDED));
    }

    @Test
    void auditsAMalformedStartupPacketWithOnlyTheClientAddress() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(5000);
            var out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(3);
            out.flush();
            assertThat(readErrorCode(new DataInputStream(socket.getInputStream()))).isEqualTo("08P01");
        }
        JsonNode event = awaitAudits(AuditTypes.CONNECTION_REFUSED, 1).getFirst();
        assertThat(event.path("subject").asString()).isEqualTo("-");
        assertThat(event.path("data").path("refusal").asString()).isEqualTo("protocol");
        assertThat(event.path("data").path("reasonCode").asString()).isEqualTo("protocol-violation");
        assertThat(event.path("data").path("clientAddress").asString()).isEqualTo("127.0.0.1");
        assertThat(event.path("data").path("connection").asString()).isEmpty();
    }

    @Test
    void auditsAStartupMessageWithoutADatabase() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(5000);
            var body = new ByteArrayOutputStream();
            var fields = new DataOutputStream(body);
            fields.writeInt(196608);
            fields.write("user\0bob\0\0".getBytes(StandardCharsets.US_ASCII));
            var out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(body.size() + 4);
            out.write(body.toByteArray());
            out.flush();
            assertThat(readErrorCode(new DataInputStream(socket.getInputStream()))).isEqualTo("3D000");
        }
        JsonNode data = awaitAudits(AuditTypes.CONNECTION_REFUSED, 1).getFirst().path("data");
        assertThat(data.path("refusal").asString()).isEqualTo("protocol");
        assertThat(data.path("reasonCode").asString()).isEqualTo("invalid-startup");
        assertThat(data.path("reason").asString()).contains("no database given");
    }

    @Test
    void auditsConnectionsBeyondTheLimit() throws Exception {
        String token = tokens.human("bob", "analysts");
        try (Connection first = connect("demo", token); Connection second = connect("demo", token)) {
            assertThatThrownBy(() -> connect("demo", token))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("53300"));
        }
        JsonNode data = awaitAudits(AuditTypes.CONNECTION_REFUSED, 1).getFirst().path("data");
        assertThat(data.path("refusal").asString()).isEqualTo("limit");
        assertThat(data.path("reasonCode").asString()).isEqualTo("too-many-connections");
        assertThat(data.path("clientAddress").asString()).isEqualTo("127.0.0.1");
    }

    @Test
    void auditsAnUnreachableTargetWithTheSessionThatWasAuthorized() throws Exception {
        int closedPort;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (var unreachable = new ProxyFixture(closedPort, TargetDatabase.SCRAM_USER, policy.url(), tokens, 2)) {
            assertThatThrownBy(() -> DriverManager.getConnection(unreachable.jdbcUrl(),
                    ProxyFixture.credentials("bob", tokens.human("bob", "analysts"))).close())
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08006"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> unreachable.events().audits().stream()
                    .anyMatch(e -> e.path("type").asString().equals(AuditTypes.CONNECTION_REFUSED)));
            JsonNode event = unreachable.events().audits().stream()
                    .filter(e -> e.path("type").asString().equals(AuditTypes.CONNECTION_REFUSED)).findFirst().orElseThrow();
            assertThat(event.path("subject").asString()).isEqualTo("bob");
            assertThat(event.path("data").path("refusal").asString()).isEqualTo("upstream-unavailable");
            assertThat(event.path("data").path("sessionId").asString()).isNotEmpty();
            assertThat(event.path("data").path("reason").asString()).doesNotContain(TargetDatabase.PASSWORD);
        }
    }

    private Connection connect(String connection, String token) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + connection,
                ProxyFixture.credentials("bob", token));
    }

    private List<JsonNode> awaitAudits(String type, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ofType(type).size() >= count);
        return ofType(type);
    }

    private List<JsonNode> ofType(String type) {
        return proxy.events().audits().stream().filter(e -> e.path("type").asString().equals(type)).toList();
    }

    /** Reads backend messages until an ErrorResponse and returns its SQLSTATE. */
    private static String readErrorCode(DataInputStream in) throws Exception {
        while (true) {
            int type = in.readUnsignedByte();
            byte[] payload = new byte[in.readInt() - 4];
            in.readFully(payload);
            if (type != 'E') {
                continue;
            }
            int i = 0;
            while (i < payload.length && payload[i] != 0) {
                byte field = payload[i++];
                int end = i;
                while (payload[end] != 0) {
                    end++;
                }
                if (field == 'C') {
                    return new String(payload, i, end - i, StandardCharsets.UTF_8);
                }
                i = end + 1;
            }
            return "";
        }
    }
}
