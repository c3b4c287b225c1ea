package dev.sluice.proxy.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL target (zonky embedded binaries) whose application roles must authenticate with
 * SCRAM-SHA-256 or MD5 over TCP, as production targets do.
 */
public final class TargetDatabase implements AutoCloseable {
    public static final String SCRAM_USER = "sluice_scram";
    public static final String MD5_USER = "sluice_md5";
    public static final String PASSWORD = "target-secret-9f2c";

    private final EmbeddedPostgres postgres;

    public TargetDatabase() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectoryCustomizer(dir -> writeHba(dir.toPath()))
                .start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("CREATE ROLE " + SCRAM_USER + " LOGIN SUPERUSER PASSWORD '" + PASSWORD + "'");
            s.execute("SET password_encryption = 'md5'");
            s.execute("CREATE ROLE " + MD5_USER + " LOGIN SUPERUSER PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE TABLE customers (id int PRIMARY KEY, full_name text, ssn text)");
            s.execute("INSERT INTO customers SELECT g, 'Customer ' || g, lpad(g::text, 3, '0') || '-00-0000'"
                    + " FROM generate_series(1, 20) g");
        } catch (SQLException e) {
            throw new IOException("cannot prepare the target database", e);
        }
    }

    private static void writeHba(Path dataDir) {
        // First match wins: the application roles need a password; the harness itself connects trusted.
        String hba = String.join("\n",
                "host all " + SCRAM_USER + " 127.0.0.1/32 scram-sha-256",
                "host all " + MD5_USER + " 127.0.0.1/32 md5",
                "host all all 127.0.0.1/32 trust",
                "host all all ::1/128 trust",
                "local all all trust",
                "");
        try {
            Files.writeString(dataDir.resolve("pg_hba.conf"), hba);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** A trusted superuser connection for setting up and inspecting the target. */
    public Connection admin() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
