package dev.sluice.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.standalone.Endpoints;
import dev.sluice.standalone.StandaloneRuntime;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bypass suite through the real proxy and policy service (demo bundle): every way we know to smuggle a
 * write, DDL or an escape past a read-only policy, as bob (analysts) with pgjdbc in simple and extended
 * mode, psql where installed, and a raw protocol client for bytes drivers will not send. Each attempt must be
 * refused with 42501 without harming the session: the next query on the same connection works. alice (dba)
 * runs a harmless statement of each family, so the refusals are shown to be targeted. docs/policy.md,
 * "Bypass suite", explains each case.
 */
class PolicyBypassSuiteTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static StandaloneRuntime runtime;
    private static Endpoints endpoints;

    @BeforeAll
    static void startPlatform() {
        runtime = StandaloneRuntime.start(StandaloneRuntime.randomPorts());
        endpoints = runtime.endpoints();
    }

    @AfterAll
    static void stopPlatform() {
        if (runtime != null) {
            runtime.stop();
        }
    }

    /** Bypass attempts as (name, statement) that any client can send. */
    static Map<String, String> bypasses() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("stacked statements", "SELECT 1; DROP TABLE customers");
        cases.put("semicolon inside a block comment", "SELECT 1 /* ; */; DROP TABLE customers");
        cases.put("nested block comments", "/* outer /* inner */ still comment */ DROP TABLE customers");
        cases.put("line comment ended by carriage return", "SELECT 1; -- harmless\rDROP TABLE customers");
        cases.put("dollar-quoted body", "SELECT $$ ; $$; DROP TABLE customers");
        cases.put("tagged dollar quote holding $$", "SELECT $a$ $$; DROP $a$; DROP TABLE customers");
        cases.put("unicode-escaped string", "SELECT U&'\\0044ROP'; DROP TABLE customers");
        cases.put("unicode-escaped function name", "SELECT U&\"pg_read_fil\\0065\"('PG_VERSION')");
        cases.put("dynamic SQL in DO", "DO $$ BEGIN EXECUTE 'DR'||'OP TABLE customers'; END $$");
        cases.put("prepared delete", "PREPARE p AS DELETE FROM orders; EXECUTE p");
        cases.put("search_path", "SET search_path = evil, public");
        cases.put("role", "SET ROLE postgres");
        cases.put("copy to program", "COPY (SELECT 1) TO PROGRAM 'cat > /dev/null'");
        cases.put("server file", "SELECT pg_read_file('PG_VERSION')");
        cases.put("form feed and vertical tab as whitespace", "SELECT 1;\fDROP\u000bTABLE customers");
        cases.put("backslash ends a standard string", "SELECT '\\'; DROP TABLE customers; --'");
        cases.put("10,000 nested parentheses", "SELECT " + "(".repeat(10_000) + "1" + ")".repeat(10_000) + "; DROP TABLE customers");
        cases.put("one megabyte statement", "SELECT '" + "x".repeat(1 << 20) + "'; DROP TABLE customers");
        return cases;
    }

    @Test
    void pgjdbcRefusesEveryBypassForBobInSimpleAndExtendedMode() throws Exception {
        for (String mode : List.of("simple", "extended")) {
            try (Connection bob = proxy("bob", mode); Statement s = bob.createStatement()) {
                for (Map.Entry<String, String> bypass : bypasses().entrySet()) {
                    String what = mode + ": " + bypass.getKey();
                    assertThatThrownBy(() -> s.execute(bypass.getValue())).as(what)
                            .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).as(what).isIn(refusals(mode, bypass.getKey())));
                    assertAlive(s, what);
                }
            }
        }
        assertNothingChanged();
    }

    @Test
    void psqlRefusesTheBypassesForBob() throws Exception {
        Psql psql = new Psql(SystemBinaries.require("psql", "postgresql-client"), endpoints.proxyPostgresPort());
        List<String> commands = new ArrayList<>();
        // The largest cases do not fit an argv entry (128 KiB on Linux); pgjdbc and the raw client send them.
        bypasses().forEach((name, sql) -> {
            if (sql.length() < 100_000) {
                commands.add(sql);
            }
        });
        commands.add("SELECT 'still alive'");
        Psql.Result result = psql.run("bob", token("bob"), commands.toArray(String[]::new));
        assertThat(result.stderr().split("42501", -1)).as(result.stderr()).hasSize(commands.size());
        assertThat(result.stdout().strip()).isEqualTo("still alive");
        assertNothingChanged();
    }

    @Test
    void rawProtocolRefusesInvalidUtf8AndNulBytesAndKeepsTheSessionUsable() throws Exception {
        List<byte[]> attempts = List.of(
                bytes("SELECT 1; DROP TABLE customers /* ", new byte[] {(byte) 0xff, (byte) 0xfe}, " */"),
                bytes("SELECT '", new byte[] {(byte) 0xc0, (byte) 0xbb}, "'; DROP TABLE customers"),
                bytes("SELECT 1", new byte[] {0}, "; DROP TABLE customers"),
                bytes("DROP TABLE customers", new byte[] {0}, "SELECT 1"));
        String token = token("bob");
        RawPgClient bob = RawPgClient.connect(endpoints.proxyPostgresPort(), "bob", token);
        try {
            for (int i = 0; i < attempts.size(); i++) {
                RawPgClient.Reply reply = bob.query(attempts.get(i));
                String what = "raw attempt " + (i + 1) + ": " + reply;
                assertThat(reply.dataRows()).as(what).isZero();
                if (reply.readyForQuery()) {
                    assertThat(reply.sqlStates()).as(what).isNotEmpty().allSatisfy(state -> assertThat(state).isIn("42501", "22021"));
                } else {
                    // A Query whose string ends before the message does is malformed: the proxy ends that
                    // connection (at most a FATAL 08P01 first) without deciding or forwarding anything, and
                    // keeps serving everyone else.
                    assertThat(reply.sqlStates()).as(what).allSatisfy(state -> assertThat(state).isEqualTo("08P01"));
                    bob.close();
                    bob = RawPgClient.connect(endpoints.proxyPostgresPort(), "bob", token);
                }
                RawPgClient.Reply next = bob.query("SELECT 1");
                assertThat(next.sqlStates()).as("after " + what).isEmpty();
                assertThat(next.dataRows()).as("after " + what).isEqualTo(1);
            }
            for (String sql : List.of("SELECT 1; DROP TABLE customers", "SET ROLE postgres")) {
                assertThat(bob.query(sql).sqlStates()).containsExactly("42501");
            }
        } finally {
            bob.close();
        }
        assertNothingChanged();
    }

    @Test
    void aliceRunsAHarmlessStatementOfEveryFamily() throws Exception {
        List<String> harmless = List.of(
                "SELECT 1; SELECT 2",
                "SELECT 1 /* ; */",
                "/* outer /* inner */ still comment */ SELECT 1",
                "SELECT 1 -- comment\r",
                "SELECT $$ ; $$, $a$ $$ $a$",
                "SELECT U&'\\0044ROP', U&\"pg_read_fil\\0065\"('PG_VERSION') IS NOT NULL",
                "DO $$ BEGIN EXECUTE 'SELECT ' || '1'; END $$",
                "PREPARE q AS SELECT count(*) FROM orders; EXECUTE q; DEALLOCATE q",
                "SET search_path = public",
                "SET ROLE postgres",
                "RESET ROLE",
                "SELECT length(pg_read_file('PG_VERSION')) > 0",
                "SELECT\f1\u000b+\u000b1",
                "SELECT " + "(".repeat(500) + "1" + ")".repeat(500),
                "SELECT length('" + "x".repeat(1 << 20) + "')");
        for (String mode : List.of("simple", "extended")) {
            try (Connection alice = proxy("alice", mode); Statement s = alice.createStatement()) {
                for (String sql : harmless) {
                    s.execute(sql);
                    assertAlive(s, mode + ": " + sql.substring(0, Math.min(60, sql.length())));
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                long rows = alice.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT 1) TO STDOUT", out);
                assertThat(rows).isEqualTo(1);
            }
        }
        try (RawPgClient alice = RawPgClient.connect(endpoints.proxyPostgresPort(), "alice", token("alice"))) {
            RawPgClient.Reply reply = alice.query(bytes("SELECT 'caf", new byte[] {(byte) 0xc3, (byte) 0xa9}, "'"));
            assertThat(reply.sqlStates()).isEmpty();
            assertThat(reply.dataRows()).isEqualTo(1);
        }
        assertNothingChanged();
    }

    /**
     * 42501 from the gateway; except that pgjdbc's extended mode sends the statements of a string as separate
     * Parse messages in one pipeline: the first (a SELECT 10,000 parentheses deep, which the policy reads as a
     * harmless read) reaches PostgreSQL, whose parser refuses it (42601), and the pipeline's DROP is then
     * never run (assertNothingChanged checks it).
     */
    private static List<String> refusals(String mode, String bypass) {
        return mode.equals("extended") && bypass.startsWith("10,000") ? List.of("42501", "42601") : List.of("42501");
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static byte[] bytes(String head, byte[] middle, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void assertAlive(Statement s, String after) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 42")) {
            assertThat(rs.next() && rs.getInt(1) == 42).as("session usable after " + after).isTrue();
        }
    }

    /** customers and orders are intact (no bypass ran). */
    private static void assertNothingChanged() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("password", "sluice-demo");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + endpoints.demoDbPort() + "/demo", properties);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM orders)")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(100);
            assertThat(rs.getLong(2)).isPositive();
        }
    }

    private static String token(String subject) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.devTokenUrl(subject))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private static Connection proxy(String user, String mode) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", token(user));
        properties.setProperty("sslmode", "require");
        properties.setProperty("preferQueryMode", mode);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + endpoints.proxyPostgresPort() + "/demo", properties);
    }
}
