package dev.sluice.proxy.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.contracts.event.EventChain;
import dev.sluice.proxy.postgres.codec.BackendDecoder;
import dev.sluice.proxy.postgres.codec.FrontendEncoder;
import dev.sluice.proxy.postgres.message.PasswordMessage;
import dev.sluice.proxy.postgres.message.PgConstants;
import dev.sluice.proxy.postgres.message.Query;
import dev.sluice.proxy.postgres.message.StartupMessage;
import dev.sluice.proxy.postgres.message.ErrorResponse;
import dev.sluice.proxy.testing.ProxyFixture;
import dev.sluice.proxy.testing.ScriptedPolicyServer;
import dev.sluice.proxy.testing.TargetDatabase;
import dev.sluice.proxy.testing.TestTokens;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;
import tools.jackson.databind.JsonNode;

/** The PostgreSQL data path against a real PostgreSQL target and the real pgjdbc driver. */
class PostgresProxyTest {
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
        proxy = new ProxyFixture(target, TargetDatabase.SCRAM_USER, policy.url(), tokens);
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
        policy.close();
    }

    private Connection connect(String token, String mode) throws SQLException {
        Properties properties = ProxyFixture.credentials("bob", token);
        properties.setProperty("preferQueryMode", mode);
        return DriverManager.getConnection(proxy.jdbcUrl(), properties);
    }

    private Connection bob(String mode) throws SQLException {
        return connect(tokens.human("bob", "analysts"), mode);
    }

    @Test
    void returnsRowsForAnAllowedSelectInSimpleAndExtendedMode() throws Exception {
        for (String mode : List.of("simple", "extended", "extendedForPrepared")) {
            try (Connection c = bob(mode); PreparedStatement s = c.prepareStatement(
                    "SELECT full_name FROM customers WHERE id <= ? ORDER BY id")) {
                s.setInt(1, 3);
                List<String> names = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
                assertThat(names).as(mode).containsExactly("Customer 1", "Customer 2", "Customer 3");
            }
        }
    }

    @Test
    void deniesDropTableWith42501AndTheSessionStaysUsable() throws Exception {
        for (String mode : List.of("simple", "extended")) {
            try (Connection c = bob(mode); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute("DROP TABLE customers"))
                        .isInstanceOfSatisfying(PSQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("42501");
                            assertThat(e.getMessage()).contains("dropping objects is not allowed").contains("no-drop");
                        });
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM customers")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).as(mode).isEqualTo(20);
                }
            }
        }
    }

    @Test
    void deniesAMultiStatementQueryAsAWhole() throws Exception {
        try (Connection c = bob("simple"); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("SELECT 1; DROP TABLE customers"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
        try (Connection c = target.admin(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('customers') IS NOT NULL")) {
            assertThat(rs.next() && rs.getBoolean(1)).as("customers still exists").isTrue();
        }
    }

    @Test
    void aDeniedStatementInAPipelinedBatchLeavesEarlierResultsAndTheSessionIntact() throws Exception {
        try (Connection c = bob("extended")) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE notes (n int)");
                s.addBatch("INSERT INTO notes VALUES (1)");
                s.addBatch("DROP TABLE notes");
                s.addBatch("INSERT INTO notes VALUES (3)");
                assertThatThrownBy(s::executeBatch).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getNextException() == null
                                ? ((SQLException) e).getSQLState()
                                : ((SQLException) e).getNextException().getSQLState()).isEqualTo("42501"));
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM notes WHERE n = 3")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("statements after the denied one did not run").isZero();
                }
            }
        }
    }

    @Test
    void refusesABadTokenWith28P01() {
        for (String token : List.of("not-a-token", tokens.expired("bob", "analysts"),
                tokens.forAudience("someone-else", "bob", "analysts"), new TestTokens().human("bob", "analysts"))) {
            assertThatThrownBy(() -> connect(token, "simple").close())
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("28P01");
                        assertThat(e.getMessage()).doesNotContain(token);
                    });
        }
    }

    @Test
    void deniesEverythingWhenPolicyServiceIsUnreachableOrTalksNonsense() throws Exception {
        try (Connection c = bob("simple"); Statement s = c.createStatement()) {
            policy.answer(request -> "this is not json");
            assertThatThrownBy(() -> s.executeQuery("SELECT 1"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("42501");
                        assertThat(e.getMessage()).contains("not JSON").contains("fail closed");
                    });
            policy.answer(request -> ScriptedPolicyServer.decision("PERMIT", "?", "odd"));
            assertThatThrownBy(() -> s.executeQuery("SELECT 2"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getMessage()).contains("unknown effect"));
            policy.close();
            assertThatThrownBy(() -> s.executeQuery("SELECT 3"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("42501");
                        assertThat(e.getMessage()).contains("policy-service");
                    });
        }
    }

    @Test
    void cancelReachesTheTargetBackend() throws Exception {
        try (Connection c = bob("extended"); Statement s = c.createStatement()) {
            // Its own thread: the common pool may be busy with other work in the same JVM.
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    s.execute("SELECT pg_sleep(30)");
                    outcome.complete(null);
                } catch (SQLException e) {
                    outcome.complete(e);
                }
            });
            // pgjdbc sends one cancel per statement: send it once the target is really running the statement.
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> targetIsRunning("pg_sleep(30)"));
            s.cancel();
            assertThat(outcome.get(15, TimeUnit.SECONDS)).isInstanceOfSatisfying(PSQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            try (ResultSet rs = s.executeQuery("SELECT 42")) {
                assertThat(rs.next() && rs.getInt(1) == 42).isTrue();
            }
        }
    }

    @Test
    void cancelWhileTheProxyStillHoldsTheStatementRefusesItWithoutRunningIt() throws Exception {
        var decisionAsked = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        try (Connection c = bob("simple"); Statement s = c.createStatement()) {
            policy.answer(request -> {
                decisionAsked.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ScriptedPolicyServer.dropDenied(request);
            });
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    s.execute("CREATE TEMP TABLE never_created (n int)");
                    outcome.complete(null);
                } catch (SQLException e) {
                    outcome.complete(e);
                }
            });
            assertThat(decisionAsked.await(15, TimeUnit.SECONDS)).isTrue();
            s.cancel();
            release.countDown();
            assertThat(outcome.get(15, TimeUnit.SECONDS)).isInstanceOfSatisfying(PSQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            policy.answer(ScriptedPolicyServer::dropDenied);
            try (ResultSet rs = s.executeQuery("SELECT to_regclass('pg_temp.never_created') IS NULL")) {
                assertThat(rs.next() && rs.getBoolean(1)).as("the cancelled statement never ran").isTrue();
            }
        }
    }

    private static boolean targetIsRunning(String fragment) throws SQLException {
        try (Connection admin = target.admin(); PreparedStatement s = admin.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE ?")) {
            s.setString(1, "%" + fragment + "%");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    @Test
    void copiesOutAndIn() throws Exception {
        try (Connection c = bob("extended")) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            var out = new ByteArrayOutputStream();
            long rows = copy.copyOut("COPY (SELECT id, full_name FROM customers ORDER BY id) TO STDOUT", out);
            assertThat(rows).isEqualTo(20);
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("1\tCustomer 1\n");
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE imported (id int, name text)");
            }
            long copied = copy.copyIn("COPY imported FROM STDIN", new StringReader("7\tseven\n8\teight\n"));
            assertThat(copied).isEqualTo(2);
        }
    }

    @Test
    void authenticatesToTheTargetWithMd5AsWell() throws Exception {
        try (var md5Proxy = new ProxyFixture(target, TargetDatabase.MD5_USER, policy.url(), tokens);
                Connection c = DriverManager.getConnection(md5Proxy.jdbcUrl(),
                        ProxyFixture.credentials("bob", tokens.human("bob", "analysts")));
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_user")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(TargetDatabase.MD5_USER);
        }
    }

    @Test
    void recordsEveryCommandInOrderWithAnUnbrokenHashChainAndNoSecrets() throws Exception {
        String token = tokens.service("ci-bot", "agents");
        try (Connection c = connect(token, "simple"); Statement s = c.createStatement()) {
            s.executeQuery("SELECT 1").close();
            assertThatThrownBy(() -> s.execute("DROP TABLE customers")).isInstanceOf(SQLException.class);
            s.executeQuery("SELECT id FROM customers WHERE id < 4").close();
        }
        // In simple mode pgjdbc itself sends SET application_name first; it is recorded like any statement.
        List<JsonNode> events = awaitEvents(6);
        assertThat(events.getFirst().get("type").asString()).isEqualTo("sluice.session.started");
        assertThat(events.getLast().get("type").asString()).isEqualTo("sluice.session.ended");
        List<JsonNode> commands = events.subList(1, events.size() - 1);
        assertThat(commands).extracting(e -> e.get("type").asString()).containsOnly("sluice.session.command");
        assertThat(commands).extracting(e -> e.get("data").get("text").asString()).containsExactly(
                "SET application_name = 'PostgreSQL JDBC Driver'", "SELECT 1", "DROP TABLE customers",
                "SELECT id FROM customers WHERE id < 4");
        assertThat(commands.get(2).get("data").get("effect").asString()).isEqualTo("DENY");
        assertThat(commands.get(3).get("data").get("rowsAffected").asLong()).isEqualTo(3);
        assertThat(events.getFirst().get("data").get("identity").get("kind").asString()).isEqualTo("SERVICE");
        String prev = EventChain.GENESIS;
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            assertThat(event.get("seq").asLong()).isEqualTo(i + 1);
            assertThat(event.get("prevhash").asString()).isEqualTo(prev);
            String hash = EventChain.hash(prev, event.get("id").asString(), event.get("type").asString(),
                    event.get("subject").asString(), event.get("seq").asLong(), event.get("time").asString(),
                    event.get("data").toString());
            assertThat(event.get("hash").asString()).isEqualTo(hash);
            prev = hash;
            assertThat(event.toString()).doesNotContain(TargetDatabase.PASSWORD).doesNotContain(token);
        }
    }

    @Test
    void answersMalformedInputWithAProtocolViolation() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(5000);
            var out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(3);
            out.flush();
            ErrorResponse error = readError(new DataInputStream(socket.getInputStream()));
            assertThat(error.code()).isEqualTo("08P01");
            assertThat(socket.getInputStream().read()).as("connection closed").isEqualTo(-1);
        }
    }

    @Test
    void refusesAnUnknownConnectionName() {
        assertThatThrownBy(() -> DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/nowhere",
                ProxyFixture.credentials("bob", tokens.human("bob", "analysts"))).close())
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("3D000");
                    assertThat(e.getMessage()).contains("nowhere");
                });
    }

    @Test
    void countsSessionsCommandsByEffectAndAuthenticationFailures() throws Exception {
        assertThatThrownBy(() -> connect("not-a-token", "simple").close()).isInstanceOf(PSQLException.class);
        try (Connection c = bob("simple"); Statement s = c.createStatement()) {
            assertThat(proxy.registry().get("sluice.sessions.active").tag("connection", "demo").gauge().value())
                    .isEqualTo(1.0);
            s.executeQuery("SELECT 1").close();
            assertThatThrownBy(() -> s.execute("DROP TABLE customers")).isInstanceOf(PSQLException.class);
        }
        assertThat(proxy.registry().get("sluice.auth.failures").tag("reason", "malformed").counter().count())
                .isEqualTo(1.0);
        assertThat(proxy.registry().get("sluice.commands").tag("effect", "deny").counter().count()).isEqualTo(1.0);
        assertThat(proxy.registry().get("sluice.commands").tag("effect", "allow").counter().count()).isPositive();
        assertThat(proxy.registry().get("sluice.policy.decision").tag("source", "policy-service").timer().count())
                .isPositive();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                proxy.registry().get("sluice.sessions.active").tag("connection", "demo").gauge().value() == 0.0);
    }

    @Test
    void refusesAMalformedQueryMessageButKeepsTheSession() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout(10_000);
            var out = new DataOutputStream(socket.getOutputStream());
            var in = new DataInputStream(socket.getInputStream());
            out.write(FrontendEncoder.encode(new StartupMessage(PgConstants.PROTOCOL_VERSION,
                    java.util.Map.of("user", "bob", "database", "demo"))));
            out.flush();
            assertThat(readUntil(in, 'R')).isNotNull();
            out.write(FrontendEncoder.encode(PasswordMessage.ofCleartext(tokens.human("bob", "analysts"))));
            out.flush();
            readUntil(in, 'Z');
            // A Query whose string ends early: bytes follow the terminating NUL inside the frame.
            byte[] sql = "SELECT 1\0; DROP TABLE customers\0".getBytes(StandardCharsets.UTF_8);
            out.writeByte('Q');
            out.writeInt(4 + sql.length);
            out.write(sql);
            out.flush();
            ErrorResponse error = (ErrorResponse) decode(readUntil(in, 'E'));
            assertThat(error.code()).isEqualTo("08P01");
            assertThat(error.severity()).isEqualTo("ERROR");
            readUntil(in, 'Z');
            out.write(FrontendEncoder.encode(new Query("SELECT 42")));
            out.flush();
            assertThat(readUntil(in, 'D')).isNotNull();
            readUntil(in, 'Z');
        }
    }

    private static Frame readUntil(DataInputStream in, char type) throws Exception {
        while (true) {
            byte t = in.readByte();
            int length = in.readInt();
            byte[] payload = new byte[length - 4];
            in.readFully(payload);
            if (t == type) {
                return new Frame(t, payload);
            }
        }
    }

    private record Frame(byte type, byte[] payload) {}

    private static Object decode(Frame frame) {
        return BackendDecoder.decode(frame.type(), frame.payload(), 0, frame.payload().length);
    }

    private static ErrorResponse readError(DataInputStream in) throws Exception {
        byte type = in.readByte();
        assertThat((char) type).isEqualTo('E');
        int length = in.readInt();
        byte[] payload = new byte[length - 4];
        in.readFully(payload);
        return (ErrorResponse) BackendDecoder.decode(type, payload, 0, payload.length);
    }

    private List<JsonNode> awaitEvents(int count) {
        // session.ended is recorded when the proxy closes the connection, just after the client has left.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> proxy.events().events().size() >= count);
        return proxy.events().events();
    }
}
