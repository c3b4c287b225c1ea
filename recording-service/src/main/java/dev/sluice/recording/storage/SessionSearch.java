package dev.sluice.recording.storage;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds sessions by the replay UI's filters. Values are always bound parameters; only the fixed clauses are put
 * together, so no filter value can change the statement.
 */
@Component
public final class SessionSearch {

    // a command event's effect, read from the stored JSON text
    private static final String EFFECT = "(e.data::jsonb ->> 'effect')";

    /**
     * The filters; null or blank means "any".
     *
     * @param subject      identity subject, case-insensitive substring
     * @param kind         {@code HUMAN} or {@code SERVICE}
     * @param connection   exact connection name
     * @param from         started at or after
     * @param to           started before
     * @param hasDenials   only sessions with at least one denied command
     * @param hasApprovals only sessions with at least one command that required an approval
     * @param limit        most rows returned
     */
    public record Filter(String subject, String kind, String connection, Instant from, Instant to,
            boolean hasDenials, boolean hasApprovals, int limit) {}

    /**
     * A session in the list, with its decision counts.
     *
     * @param denials   commands denied
     * @param approvals commands that required an approval
     */
    public record Row(String id, String subject, String kind, List<String> groups, String connection,
            Instant startedAt, Instant endedAt, String endReason, long commandCount, long denials,
            long approvals) {}

    private final JdbcTemplate jdbc;

    public SessionSearch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Sessions matching {@code filter}, newest first. */
    public List<Row> find(Filter filter) {
        StringBuilder sql = new StringBuilder("""
                SELECT s.id, s.subject, s.kind, s.groups, s.connection, s.started_at, s.ended_at, s.end_reason,
                       s.command_count,
                       (SELECT count(*) FROM recording.session_events e WHERE e.session_id = s.id
                          AND e.type = 'sluice.session.command' AND %1$s = 'DENY') AS denials,
                       (SELECT count(*) FROM recording.session_events e WHERE e.session_id = s.id
                          AND e.type = 'sluice.session.command' AND %1$s = 'REQUIRE_APPROVAL') AS approvals
                FROM recording.sessions s WHERE true""".formatted(EFFECT));
        List<Object> args = new ArrayList<>();
        if (present(filter.subject())) {
            sql.append(" AND s.subject ILIKE ? ESCAPE '\\'");
            args.add("%" + likeEscaped(filter.subject().trim()) + "%");
        }
        if (present(filter.kind())) {
            sql.append(" AND s.kind = ?");
            args.add(filter.kind().trim().toUpperCase(Locale.ROOT));
        }
        if (present(filter.connection())) {
            sql.append(" AND s.connection = ?");
            args.add(filter.connection().trim());
        }
        if (filter.from() != null) {
            sql.append(" AND coalesce(s.started_at, s.first_seen_at) >= ?");
            args.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND coalesce(s.started_at, s.first_seen_at) < ?");
            args.add(Timestamp.from(filter.to()));
        }
        if (filter.hasDenials()) {
            sql.append(" AND EXISTS (SELECT 1 FROM recording.session_events e WHERE e.session_id = s.id"
                    + " AND e.type = 'sluice.session.command' AND " + EFFECT + " = 'DENY')");
        }
        if (filter.hasApprovals()) {
            sql.append(" AND EXISTS (SELECT 1 FROM recording.session_events e WHERE e.session_id = s.id"
                    + " AND e.type = 'sluice.session.command' AND " + EFFECT + " = 'REQUIRE_APPROVAL')");
        }
        sql.append(" ORDER BY coalesce(s.started_at, s.first_seen_at) DESC, s.id LIMIT ?");
        args.add(filter.limit());
        return jdbc.query(sql.toString(), (rs, i) -> row(rs), args.toArray());
    }

    private static Row row(ResultSet rs) throws SQLException {
        Array groups = rs.getArray("groups");
        return new Row(rs.getString("id"), rs.getString("subject"), rs.getString("kind"),
                groups == null ? List.of() : Arrays.asList((String[]) groups.getArray()), rs.getString("connection"),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("ended_at")),
                rs.getString("end_reason"), rs.getLong("command_count"), rs.getLong("denials"),
                rs.getLong("approvals"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String likeEscaped(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
