package dev.sluice.recording.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The set-based write path of ingestion: a handful of statements per Kafka poll instead of several per event.
 *
 * <p>Lookups bind whole arrays ({@code = ANY(?)}, {@code unnest}) so that their cost is one round trip and
 * one index probe per key; events go in as one {@code INSERT ... SELECT FROM unnest(...)}, which PostgreSQL
 * executes as a single statement without the JDBC driver having to rewrite a batch. Runs inside the
 * caller's transaction (JDBC and JPA share the connection under the JPA transaction manager). A plain
 * component rather than a {@code @Repository}: JdbcTemplate already translates SQL errors, and the class
 * stays final without a proxy.
 */
@Component
public final class IngestStore {

    private static final String STORED_IDS =
            "SELECT event_id FROM recording.session_events WHERE event_id = ANY(?)";

    private static final String STORED_HASHES = """
            SELECT e.session_id, e.seq, e.hash
            FROM recording.session_events e
            JOIN unnest(?::text[], ?::bigint[]) AS k(session_id, seq)
              ON e.session_id = k.session_id AND e.seq = k.seq""";

    // EXCLUDED.started_at / ended_at are null exactly when the batch had no started / ended event: only then
    // are the stored values kept, as SessionEntity.started() and ended() replace all of them
    private static final String UPSERT_SESSION = """
            INSERT INTO recording.sessions AS s (id, subject, kind, groups, connection, protocol, client_address,
                client_application, started_at, ended_at, end_reason, command_count, last_seq, first_seen_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                subject = CASE WHEN EXCLUDED.started_at IS NULL THEN s.subject ELSE EXCLUDED.subject END,
                kind = CASE WHEN EXCLUDED.started_at IS NULL THEN s.kind ELSE EXCLUDED.kind END,
                groups = CASE WHEN EXCLUDED.started_at IS NULL THEN s.groups ELSE EXCLUDED.groups END,
                connection = CASE WHEN EXCLUDED.started_at IS NULL THEN s.connection ELSE EXCLUDED.connection END,
                protocol = CASE WHEN EXCLUDED.started_at IS NULL THEN s.protocol ELSE EXCLUDED.protocol END,
                client_address = CASE WHEN EXCLUDED.started_at IS NULL THEN s.client_address
                    ELSE EXCLUDED.client_address END,
                client_application = CASE WHEN EXCLUDED.started_at IS NULL THEN s.client_application
                    ELSE EXCLUDED.client_application END,
                started_at = coalesce(EXCLUDED.started_at, s.started_at),
                ended_at = coalesce(EXCLUDED.ended_at, s.ended_at),
                end_reason = CASE WHEN EXCLUDED.ended_at IS NULL THEN s.end_reason ELSE EXCLUDED.end_reason END,
                command_count = s.command_count + EXCLUDED.command_count,
                last_seq = greatest(s.last_seq, EXCLUDED.last_seq)""";

    // no conflict target: a clash on event_id or on (session_id, seq) is skipped, and the caller compares counts
    private static final String INSERT_EVENTS = """
            INSERT INTO recording.session_events (event_id, session_id, seq, type, event_time, event_time_text,
                prevhash, hash, data, chain_ok, received_at)
            SELECT e.event_id, e.session_id, e.seq, e.type, e.event_time::timestamptz, e.event_time_text,
                e.prevhash, e.hash, e.data, e.chain_ok, ?
            FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                ?::text[], ?::boolean[])
                AS e(event_id, session_id, seq, type, event_time, event_time_text, prevhash, hash, data, chain_ok)
            ON CONFLICT DO NOTHING""";

    private static final String INSERT_REJECTED = """
            INSERT INTO recording.rejected_events (topic, kafka_partition, kafka_offset, record_key, reason,
                payload, rejected_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT ON CONSTRAINT rejected_events_record_key DO NOTHING""";

    private final JdbcTemplate jdbc;

    public IngestStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Which of these event ids are already stored. */
    public Set<String> storedEventIds(Collection<String> eventIds) {
        Set<String> stored = new HashSet<>();
        if (eventIds.isEmpty()) {
            return stored;
        }
        jdbc.query(con -> {
            PreparedStatement statement = con.prepareStatement(STORED_IDS);
            statement.setArray(1, con.createArrayOf("text", eventIds.toArray()));
            return statement;
        }, row -> {
            stored.add(row.getString(1));
        });
        return stored;
    }

    /** The hash of the stored event at each of these positions that holds one. */
    public Map<SeqKey, String> storedHashes(Collection<SeqKey> positions) {
        Map<SeqKey, String> hashes = new HashMap<>();
        if (positions.isEmpty()) {
            return hashes;
        }
        jdbc.query(con -> {
            PreparedStatement statement = con.prepareStatement(STORED_HASHES);
            statement.setArray(1, con.createArrayOf("text", positions.stream().map(SeqKey::sessionId).toArray()));
            statement.setArray(2, con.createArrayOf("bigint", positions.stream().map(SeqKey::seq).toArray()));
            return statement;
        }, row -> {
            hashes.put(new SeqKey(row.getString(1), row.getLong(2)), row.getString(3));
        });
        return hashes;
    }

    /** Creates or merges session rows; call with sessions in a stable order so concurrent writers lock alike. */
    public void upsertSessions(List<SessionDelta> deltas, Instant now) {
        if (deltas.isEmpty()) {
            return;
        }
        OffsetDateTime firstSeen = utc(now);
        jdbc.batchUpdate(UPSERT_SESSION, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement statement, int i) throws SQLException {
                SessionDelta delta = deltas.get(i);
                SessionDelta.Start start = delta.start();
                SessionDelta.End end = delta.end();
                statement.setString(1, delta.sessionId());
                statement.setString(2, start == null ? null : start.subject());
                statement.setString(3, start == null ? null : start.kind());
                if (start == null) {
                    statement.setNull(4, Types.ARRAY);
                } else {
                    statement.setArray(4, statement.getConnection().createArrayOf("text", start.groups().toArray()));
                }
                statement.setString(5, start == null ? null : start.connection());
                statement.setString(6, start == null ? null : start.protocol());
                statement.setString(7, start == null ? null : start.clientAddress());
                statement.setString(8, start == null ? null : start.clientApplication());
                statement.setObject(9, start == null ? null : utc(start.at()), Types.TIMESTAMP_WITH_TIMEZONE);
                statement.setObject(10, end == null ? null : utc(end.at()), Types.TIMESTAMP_WITH_TIMEZONE);
                statement.setString(11, end == null ? null : end.reason());
                statement.setLong(12, delta.commandCount());
                statement.setLong(13, delta.lastSeq());
                statement.setObject(14, firstSeen, Types.TIMESTAMP_WITH_TIMEZONE);
            }

            @Override
            public int getBatchSize() {
                return deltas.size();
            }
        });
    }

    /**
     * Inserts events whose session rows exist, skipping any that clash with a stored one.
     *
     * @return how many rows were inserted
     */
    public int insertEvents(List<EventRow> rows, Instant receivedAt) {
        if (rows.isEmpty()) {
            return 0;
        }
        Integer inserted = jdbc.execute((Connection con) -> {
            try (PreparedStatement statement = con.prepareStatement(INSERT_EVENTS)) {
                statement.setObject(1, utc(receivedAt), Types.TIMESTAMP_WITH_TIMEZONE);
                statement.setArray(2, texts(con, rows.stream().map(EventRow::eventId).toArray()));
                statement.setArray(3, texts(con, rows.stream().map(EventRow::sessionId).toArray()));
                statement.setArray(4, con.createArrayOf("bigint", rows.stream().map(EventRow::seq).toArray()));
                statement.setArray(5, texts(con, rows.stream().map(EventRow::type).toArray()));
                // Instant.toString is ISO 8601 in UTC, which the cast to timestamptz reads exactly
                statement.setArray(6, texts(con, rows.stream().map(row -> row.eventTime().toString()).toArray()));
                statement.setArray(7, texts(con, rows.stream().map(EventRow::eventTimeText).toArray()));
                statement.setArray(8, texts(con, rows.stream().map(EventRow::prevhash).toArray()));
                statement.setArray(9, texts(con, rows.stream().map(EventRow::hash).toArray()));
                statement.setArray(10, texts(con, rows.stream().map(EventRow::data).toArray()));
                statement.setArray(11, con.createArrayOf("boolean", rows.stream().map(EventRow::chainOk).toArray()));
                return statement.executeUpdate();
            }
        });
        return inserted == null ? 0 : inserted;
    }

    /** Parks records; a record parked before (a redelivery) is left as it is. */
    public void insertRejected(List<RejectedRow> rows, Instant rejectedAt) {
        if (rows.isEmpty()) {
            return;
        }
        OffsetDateTime at = utc(rejectedAt);
        jdbc.batchUpdate(INSERT_REJECTED, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement statement, int i) throws SQLException {
                RejectedRow row = rows.get(i);
                statement.setString(1, row.topic());
                statement.setInt(2, row.partition());
                statement.setLong(3, row.offset());
                statement.setString(4, storable(row.key()));
                statement.setString(5, storable(row.reason()));
                statement.setString(6, storable(row.payload()));
                statement.setObject(7, at, Types.TIMESTAMP_WITH_TIMEZONE);
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        });
    }

    private static java.sql.Array texts(Connection con, Object[] values) throws SQLException {
        return con.createArrayOf("text", values);
    }

    /**
     * PostgreSQL text cannot hold NUL; a parked record must always be storable, or a poison record carrying
     * one would be redelivered forever, so NUL becomes U+FFFD there (and only there).
     */
    private static String storable(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
