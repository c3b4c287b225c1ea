package dev.sluice.standalone.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * A real PostgreSQL server (zonky's embedded binaries) that requires a password over TCP.
 *
 * <p>initdb is told {@code --auth-host=scram-sha-256} and {@code --pwfile} (zonky passes its "locale config" to
 * initdb as long options), so host connections need the superuser password from the very first start; there is no
 * window during which the server trusts everyone on loopback. Unix-domain sockets are switched off, which removes
 * initdb's {@code local ... trust} entry as a way around the password. See
 * <a href="https://www.postgresql.org/docs/17/auth-pg-hba-conf.html">pg_hba.conf</a> and
 * <a href="https://www.postgresql.org/docs/17/app-initdb.html">initdb</a>.
 *
 * <p>The data directory is reused when it already holds a cluster (then the stored password must match); deleting
 * it is the caller's decision.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** The superuser of every embedded cluster. */
    public static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final String host;
    private final int port;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String host, int port, String password) {
        this.postgres = postgres;
        this.host = host;
        this.port = port;
        this.password = password;
    }

    /**
     * Starts (initialising on first use) a cluster in {@code dataDirectory}.
     *
     * @param dataDirectory the cluster's directory; created when missing
     * @param host          the only address to listen on
     * @param port          the TCP port, already resolved (not 0)
     * @param password      the superuser's password
     */
    public static EmbeddedDatabase start(Path dataDirectory, String host, int port, String password) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(password, "password");
        if (port <= 0) {
            throw new IllegalArgumentException("port must be resolved before starting PostgreSQL, was " + port);
        }
        Path passwordFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".initdb-password");
        try {
            Files.createDirectories(dataDirectory.getParent());
            Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    // The caller owns the directory's lifetime (temporary or persistent).
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", host)
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setLocaleConfig("auth-host", "scram-sha-256")
                    .setLocaleConfig("pwfile", passwordFile.toAbsolutePath().toString())
                    // zonky's readiness probe connects over TCP as postgres: it needs the password too.
                    .setConnectConfig("password", password)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            return new EmbeddedDatabase(postgres, host, port, password);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL in " + dataDirectory + " did not start on " + host + ":" + port, e);
        } finally {
            try {
                Files.deleteIfExists(passwordFile);
            } catch (IOException e) {
                // Best effort: the directory is private to this process and deleted or reused later.
            }
        }
    }

    /** The JDBC URL of {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** A new superuser connection to {@code database}; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", SUPERUSER);
        properties.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    /** Creates {@code database} unless it exists; returns whether it was created. */
    public boolean createDatabaseIfMissing(String database) throws SQLException {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be a plain lower-case identifier: " + database);
        }
        try (Connection connection = connect("postgres");
                var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (var rows = exists.executeQuery()) {
                if (rows.next()) {
                    return false;
                }
            }
            try (var create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + database);
            }
            return true;
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The superuser password; never log it. */
    public String password() {
        return password;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL on port " + port + " did not stop cleanly", e);
        }
    }
}
