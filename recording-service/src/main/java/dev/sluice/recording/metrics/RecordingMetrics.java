package dev.sluice.recording.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What recording-service has stored, read from its database at scrape time (at most once per {@code refresh}):
 *
 * <ul>
 *   <li>{@code sluice_recording_lag_seconds}: how late the newest stored event arrived (its ingest time minus its
 *       event time). It grows while the consumer falls behind; when nothing new is stored it keeps its last value, so
 *       watch {@code sluice_recording_last_ingest_timestamp_seconds} and Kafka's
 *       {@code kafka_consumer_fetch_manager_records_lag_max} for a stalled consumer.</li>
 *   <li>{@code sluice_recording_last_ingest_timestamp_seconds}: when the newest event was stored (Unix seconds).</li>
 *   <li>{@code sluice_recording_events_stored}, {@code sluice_recording_sessions_stored},
 *       {@code sluice_recording_events_rejected}: rows per table, from PostgreSQL's statistics
 *       ({@code pg_stat_user_tables.n_live_tup}) rather than {@code count(*)}, which would scan the audit trail on
 *       every scrape; the figures trail inserts by a second or so.</li>
 * </ul>
 *
 * <p>A failed query leaves NaN in every gauge (Prometheus drops the samples) and logs the exception class only:
 * messages of SQL errors can quote values.
 */
public final class RecordingMetrics {

    private static final Logger log = LoggerFactory.getLogger(RecordingMetrics.class);

    /** One database round trip for every figure; the newest event is found through the primary key. */
    private static final String QUERY = """
            SELECT (SELECT extract(epoch FROM received_at - event_time) FROM %1$s.session_events ORDER BY id DESC LIMIT 1),
                   (SELECT extract(epoch FROM received_at) FROM %1$s.session_events ORDER BY id DESC LIMIT 1),
                   (SELECT n_live_tup FROM pg_stat_user_tables WHERE schemaname = '%1$s' AND relname = 'session_events'),
                   (SELECT n_live_tup FROM pg_stat_user_tables WHERE schemaname = '%1$s' AND relname = 'sessions'),
                   (SELECT n_live_tup FROM pg_stat_user_tables WHERE schemaname = '%1$s' AND relname = 'rejected_events')
            """;

    /** The figures of one read; NaN where unknown. */
    record Snapshot(double lagSeconds, double lastIngestSeconds, double events, double sessions, double rejected) {
        static final Snapshot UNKNOWN = new Snapshot(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    private final DataSource dataSource;
    private final String query;
    private final Duration refresh;
    private final Clock clock;
    private Snapshot snapshot = Snapshot.UNKNOWN;
    private Instant readAt = Instant.MIN;

    /**
     * @param schema  the service's schema (a plain identifier: it is put into the SQL text)
     * @param refresh how long one read serves scrapes
     */
    public RecordingMetrics(DataSource dataSource, String schema, Duration refresh, Clock clock, MeterRegistry registry) {
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("schema must be a plain lower-case identifier: " + schema);
        }
        this.dataSource = dataSource;
        this.query = QUERY.formatted(schema);
        this.refresh = refresh;
        this.clock = clock;
        gauge(registry, "sluice.recording.lag", "seconds",
                "How late the newest stored event arrived (stored minus event time)", Snapshot::lagSeconds);
        gauge(registry, "sluice.recording.last.ingest.timestamp", "seconds",
                "When the newest event was stored (Unix seconds)", Snapshot::lastIngestSeconds);
        gauge(registry, "sluice.recording.events.stored", null,
                "Session events stored (PostgreSQL's live-row estimate)", Snapshot::events);
        gauge(registry, "sluice.recording.sessions.stored", null,
                "Sessions stored (PostgreSQL's live-row estimate)", Snapshot::sessions);
        gauge(registry, "sluice.recording.events.rejected", null,
                "Records parked as rejected (PostgreSQL's live-row estimate)", Snapshot::rejected);
    }

    private void gauge(MeterRegistry registry, String name, String unit, String description,
            ToDoubleFunction<Snapshot> figure) {
        Gauge.builder(name, this, metrics -> figure.applyAsDouble(metrics.current()))
                .description(description)
                .baseUnit(unit)
                .register(registry);
    }

    /** The figures, read again when the last read is older than {@code refresh}. */
    synchronized Snapshot current() {
        Instant now = clock.instant();
        if (readAt.plus(refresh).isAfter(now)) {
            return snapshot;
        }
        readAt = now;
        snapshot = read();
        return snapshot;
    }

    private Snapshot read() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(5);
            try (ResultSet row = statement.executeQuery(query)) {
                row.next();
                return new Snapshot(number(row, 1), number(row, 2), number(row, 3), number(row, 4), number(row, 5));
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not read recording metrics from the database ({})", e.getClass().getName());
            return Snapshot.UNKNOWN;
        }
    }

    private static double number(ResultSet row, int column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? Double.NaN : value;
    }
}
