package dev.sluice.standalone.demo;

import dev.sluice.standalone.infra.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Creates the demo target database {@value #DATABASE} and runs the scripts under {@code classpath:demo/*.sql} in
 * file-name order, all in one transaction, when the database does not exist yet. An existing database (a persistent
 * data directory) is left exactly as the user left it.
 */
public final class DemoDataLoader {

    /** Name of the demo target database. */
    public static final String DATABASE = "demo";

    private static final String SCRIPTS = "classpath:demo/*.sql";

    private DemoDataLoader() {}

    /** Creates and fills the demo database unless it exists; returns whether it did. */
    public static boolean loadIfFresh(EmbeddedDatabase server) throws SQLException {
        if (!server.createDatabaseIfMissing(DATABASE)) {
            return false;
        }
        try (Connection connection = server.connect(DATABASE); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (Resource script : scripts()) {
                // pgjdbc splits a script into its statements itself, dollar-quoted bodies included.
                statement.execute(read(script));
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            // Leave no half-seeded database behind: the next start of a persistent data dir seeds again.
            dropQuietly(server);
            throw e;
        }
        return true;
    }

    private static Resource[] scripts() {
        Resource[] scripts;
        try {
            scripts = new PathMatchingResourcePatternResolver(DemoDataLoader.class.getClassLoader()).getResources(SCRIPTS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + SCRIPTS, e);
        }
        if (scripts.length == 0) {
            throw new IllegalStateException("no demo scripts found at " + SCRIPTS);
        }
        Arrays.sort(scripts, Comparator.comparing(resource -> String.valueOf(resource.getFilename())));
        return scripts;
    }

    private static String read(Resource script) {
        try {
            return script.getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read demo script " + script.getFilename(), e);
        }
    }

    private static void dropQuietly(EmbeddedDatabase server) {
        try (Connection connection = server.connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
        } catch (SQLException ignored) {
            // The original failure is the one worth reporting.
        }
    }
}
