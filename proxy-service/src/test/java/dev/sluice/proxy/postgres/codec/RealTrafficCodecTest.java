package dev.sluice.proxy.postgres.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.proxy.postgres.codec.CaptureTee.Captured;
import dev.sluice.proxy.postgres.codec.CaptureTee.Direction;
import dev.sluice.proxy.postgres.message.AuthenticationOther;
import dev.sluice.proxy.postgres.message.BackendMessage;
import dev.sluice.proxy.postgres.message.FrontendMessage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.largeobject.LargeObject;
import org.postgresql.largeobject.LargeObjectManager;

/**
 * Drives real pgjdbc sessions against a real PostgreSQL through a loopback tee that frames both directions
 * with the codec, and checks that every frame a real client and server exchange decodes and re-encodes to
 * the same bytes. With {@code -Dsluice.capturePackets=true} it also refreshes the fuzzing seeds under
 * {@code src/test/resources/postgres/packets/}.
 */
class RealTrafficCodecTest {

    private static final String PASSWORD = "capture-only-password";
    private static final int SEEDS_PER_TYPE = 4;
    private static final int MAX_SEED_BYTES = 2048;

    private static EmbeddedPostgres postgres;
    private static CaptureTee tee;

    @BeforeAll
    static void startPostgresAndTee() throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setDataDirectoryCustomizer(dataDirectory -> writeHba(dataDirectory.toPath()))
                .start();
        try (Connection admin = postgres.getPostgresDatabase().getConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("CREATE ROLE sluice_scram LOGIN PASSWORD '" + PASSWORD + "'");
            statement.execute("CREATE ROLE sluice_clear LOGIN PASSWORD '" + PASSWORD + "'");
            statement.execute("SET password_encryption = 'md5'");
            statement.execute("CREATE ROLE sluice_md5 LOGIN PASSWORD '" + PASSWORD + "'");
            statement.execute("CREATE TABLE orders (id int PRIMARY KEY, customer text, note bytea)");
            statement.execute("GRANT ALL ON orders TO PUBLIC");
            statement.execute("GRANT ALL ON SCHEMA public TO PUBLIC");
        }
        tee = new CaptureTee(postgres.getPort());
    }

    @AfterAll
    static void stop() throws IOException {
        if (tee != null) {
            tee.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void everyFrameOfRealSessionsDecodesAndReencodesToTheSameBytes() throws Exception {
        runSimpleProtocolSession();
        runExtendedProtocolSession();
        runCleartextSessionWithCancel();
        assertThatThrownBy(() -> connect("sluice_scram", "wrong-password", Map.of()).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");

        await().atMost(Duration.ofSeconds(10)).until(() -> countTerminates() >= 3);
        List<Captured> frames = tee.frames();
        Set<String> seen = new HashSet<>();
        for (Captured captured : frames) {
            seen.add(captured.direction() + "/" + assertRoundTrip(captured));
        }
        assertThat(seen).contains(
                "STARTUP/SslRequest", "STARTUP/StartupMessage", "STARTUP/CancelRequest",
                "FRONTEND/Query", "FRONTEND/Parse", "FRONTEND/Bind", "FRONTEND/Describe", "FRONTEND/Execute",
                "FRONTEND/Sync", "FRONTEND/Close", "FRONTEND/CopyData", "FRONTEND/CopyDone", "FRONTEND/CopyFail",
                "FRONTEND/PasswordMessage", "FRONTEND/Terminate", "FRONTEND/FunctionCall",
                "BACKEND/AuthenticationSasl", "BACKEND/AuthenticationSaslContinue", "BACKEND/AuthenticationSaslFinal",
                "BACKEND/AuthenticationMd5Password", "BACKEND/AuthenticationCleartextPassword",
                "BACKEND/AuthenticationOk", "BACKEND/ParameterStatus", "BACKEND/BackendKeyData",
                "BACKEND/ReadyForQuery", "BACKEND/RowDescription", "BACKEND/DataRow", "BACKEND/CommandComplete",
                "BACKEND/ErrorResponse", "BACKEND/NoticeResponse", "BACKEND/EmptyQueryResponse",
                "BACKEND/ParseComplete", "BACKEND/BindComplete", "BACKEND/CloseComplete", "BACKEND/NoData",
                "BACKEND/ParameterDescription", "BACKEND/PortalSuspended", "BACKEND/NotificationResponse",
                "BACKEND/CopyInResponse", "BACKEND/CopyOutResponse", "BACKEND/CopyData", "BACKEND/CopyDone",
                "BACKEND/FunctionCallResponse");
        assertThat(tee.failures()).isEmpty();

        if (Boolean.getBoolean("sluice.capturePackets")) {
            writeSeeds(frames, Path.of("src/test/resources/postgres/packets"));
        }
    }

    private static void runSimpleProtocolSession() throws Exception {
        try (Connection connection = connect("sluice_scram", PASSWORD,
                Map.of("preferQueryMode", "simple", "sslmode", "prefer"));
                Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery(
                    "SELECT 1 AS one, 'grüße'::text AS greeting, NULL::int AS nothing")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("greeting")).isEqualTo("grüße");
            }
            statement.execute("");
            statement.execute("INSERT INTO orders VALUES (1, 'ada', '\\x0001'), (2, 'grace', NULL)");
            statement.execute("DO $$ BEGIN RAISE NOTICE 'captured notice'; END $$");
            assertThatThrownBy(() -> statement.execute("SELECT 1/0")).isInstanceOf(SQLException.class);
            statement.execute("LISTEN orders_changed");
            statement.execute("NOTIFY orders_changed, 'order 1'");
            assertThat(connection.unwrap(PGConnection.class).getNotifications()).isNotEmpty();

            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("COPY orders (id, customer) FROM STDIN", new StringReader("3\tlinus\n4\tken\n"));
            StringWriter out = new StringWriter();
            copy.copyOut("COPY orders (id, customer) TO STDOUT", out);
            assertThat(out.toString()).contains("linus");
            CopyIn aborted = copy.copyIn("COPY orders (id, customer) FROM STDIN");
            aborted.writeToCopy("5\tx\n".getBytes(StandardCharsets.UTF_8), 0, 4);
            aborted.cancelCopy();
        }
    }

    private static void runExtendedProtocolSession() throws Exception {
        try (Connection connection = connect("sluice_md5", PASSWORD, Map.of("prepareThreshold", "1"))) {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, customer, note FROM orders WHERE id = ? OR customer = ?")) {
                assertThat(select.getParameterMetaData().getParameterCount()).isEqualTo(2);
                for (int i = 0; i < 3; i++) {
                    select.setInt(1, 1);
                    select.setNull(2, java.sql.Types.VARCHAR);
                    try (ResultSet rows = select.executeQuery()) {
                        assertThat(rows.next()).isTrue();
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO orders VALUES (?, ?, ?)")) {
                insert.setInt(1, 10);
                insert.setString(2, "hopper");
                insert.setBytes(3, new byte[] {1, 2, 3});
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            connection.setAutoCommit(false);
            try (PreparedStatement scan = connection.prepareStatement("SELECT id FROM orders ORDER BY id")) {
                scan.setFetchSize(2);
                try (ResultSet rows = scan.executeQuery()) {
                    int count = 0;
                    while (rows.next()) {
                        count++;
                    }
                    assertThat(count).isGreaterThan(2);
                }
            }
            LargeObjectManager objects = connection.unwrap(PGConnection.class).getLargeObjectAPI();
            long oid = objects.createLO();
            try (LargeObject object = objects.open(oid, LargeObjectManager.WRITE)) {
                object.write("large object".getBytes(StandardCharsets.UTF_8));
            }
            connection.commit();
        }
    }

    private static void runCleartextSessionWithCancel() throws Exception {
        try (Connection connection = connect("sluice_clear", PASSWORD, Map.of());
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(1);
            assertThatThrownBy(() -> statement.execute("SELECT pg_sleep(30)"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("cancel");
            try (ResultSet rows = statement.executeQuery("SELECT 2")) {
                assertThat(rows.next()).isTrue();
            }
        }
    }

    private static Connection connect(String user, String password, Map<String, String> extra) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("sslmode", "disable");
        properties.setProperty("gssEncMode", "disable");
        properties.setProperty("ApplicationName", "sluice-capture");
        extra.forEach(properties::setProperty);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + tee.port() + "/postgres", properties);
    }

    private static long countTerminates() {
        return tee.frames().stream()
                .filter(f -> f.direction() == Direction.FRONTEND && f.frame()[0] == 'X')
                .count();
    }

    /** Decodes one captured frame, checks it re-encodes to the same bytes, and returns the message type. */
    private static String assertRoundTrip(Captured captured) {
        byte[] frame = captured.frame();
        return switch (captured.direction()) {
            case STARTUP -> {
                FrontendMessage message = FrontendDecoder.decodeStartup(frame, 4, frame.length - 4);
                assertThat(FrontendEncoder.encode(message)).isEqualTo(frame);
                yield message.getClass().getSimpleName();
            }
            case FRONTEND -> {
                FrontendMessage message = FrontendDecoder.decode(frame[0], frame, 5, frame.length - 5);
                assertThat(FrontendEncoder.encode(message)).as("%s", message).isEqualTo(frame);
                yield message.getClass().getSimpleName();
            }
            case BACKEND -> {
                BackendMessage message = BackendDecoder.decode(frame[0], frame, 5, frame.length - 5);
                if (!(message instanceof AuthenticationOther)) {
                    assertThat(BackendEncoder.encode(message)).as("%s", message).isEqualTo(frame);
                }
                yield message.getClass().getSimpleName();
            }
        };
    }

    private static void writeHba(Path dataDirectory) {
        String hba = String.join("\n",
                "# Written by RealTrafficCodecTest: one role per password method, trust for the admin.",
                "host all sluice_scram 127.0.0.1/32 scram-sha-256",
                "host all sluice_md5 127.0.0.1/32 md5",
                "host all sluice_clear 127.0.0.1/32 password",
                "host all all 127.0.0.1/32 trust",
                "host all all ::1/128 trust",
                "local all all trust",
                "");
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), hba);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Keeps a few distinct, small frames per direction and message type as fuzzing seeds. */
    private static void writeSeeds(List<Captured> frames, Path root) throws IOException {
        Map<String, Integer> perType = new HashMap<>();
        Set<String> distinct = new HashSet<>();
        for (Captured captured : frames) {
            byte[] frame = captured.frame();
            if (frame.length > MAX_SEED_BYTES || !distinct.add(java.util.HexFormat.of().formatHex(frame))) {
                continue;
            }
            String type = assertRoundTrip(captured);
            String key = captured.direction().name().toLowerCase(java.util.Locale.ROOT) + "/" + type;
            int index = perType.merge(key, 1, Integer::sum);
            if (index > SEEDS_PER_TYPE) {
                continue;
            }
            Path file = root.resolve(key + "-" + index + ".bin");
            Files.createDirectories(file.getParent());
            Files.write(file, frame);
        }
    }
}
