package dev.sluice.approval.ui;

import dev.sluice.approval.service.Caller;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Past and present requests for the history page, filtered and paged in the database. Only rows the viewer may
 * see are read: their own requests and those their groups review (the API's visibility rule, as SQL).
 */
public final class HistorySearch {
    /** Rows per page. */
    static final int PAGE_SIZE = 25;

    private final JdbcTemplate jdbc;

    HistorySearch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What to find; null or blank fields do not filter.
     *
     * @param state      exact state
     * @param requester  requester subject substring, case-insensitive
     * @param connection exact connection name
     * @param from       created at or after
     * @param to         created before
     * @param page       zero-based page
     */
    public record Filter(String state, String requester, String connection, Instant from, Instant to, int page) {}

    /**
     * One row.
     *
     * @param id         request id
     * @param state      its state
     * @param requester  requester subject
     * @param agent      whether the requester is not a person
     * @param connection gateway connection
     * @param statement  statement text (escaped when rendered)
     * @param ruleId     deciding rule
     * @param createdAt  when it was held
     * @param decidedAt  when it reached a final state, or null
     * @param decidedBy  who decided, or null
     */
    public record Row(String id, String state, String requester, boolean agent, String connection, String statement,
            String ruleId, Instant createdAt, Instant decidedAt, String decidedBy) {}

    /**
     * One page of rows, newest first.
     *
     * @param rows    the rows
     * @param hasNext whether another page follows
     */
    public record Page(List<Row> rows, boolean hasNext) {}

    Page find(Caller viewer, Filter filter) {
        StringBuilder sql = new StringBuilder("""
                select id, state, requester_subject, requester_kind, connection_name, statement, rule_id, created_at,
                       decided_at, decided_by
                from approval.approval_requests
                where (requester_subject = ?""");
        List<Object> args = new ArrayList<>();
        args.add(viewer.subject());
        if (!viewer.groups().isEmpty()) {
            // reviewer_groups holds one group per line
            sql.append(" or string_to_array(reviewer_groups, E'\\n') && array[")
                    .append(String.join(",", viewer.groups().stream().map(group -> "?").toList()))
                    .append("]::text[]");
            args.addAll(viewer.groups());
        }
        sql.append(")");
        if (present(filter.state())) {
            sql.append(" and state = ?");
            args.add(filter.state());
        }
        if (present(filter.requester())) {
            sql.append(" and strpos(lower(requester_subject), lower(?)) > 0");
            args.add(filter.requester());
        }
        if (present(filter.connection())) {
            sql.append(" and connection_name = ?");
            args.add(filter.connection());
        }
        if (filter.from() != null) {
            sql.append(" and created_at >= ?");
            args.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" and created_at < ?");
            args.add(Timestamp.from(filter.to()));
        }
        // one row more than a page tells whether a next page exists
        sql.append(" order by created_at desc, id limit ? offset ?");
        args.add(PAGE_SIZE + 1);
        args.add((long) Math.max(0, filter.page()) * PAGE_SIZE);
        List<Row> rows = jdbc.query(sql.toString(), (rs, n) -> new Row(rs.getString("id"), rs.getString("state"),
                rs.getString("requester_subject"), !"human".equals(rs.getString("requester_kind")),
                rs.getString("connection_name"), rs.getString("statement"), rs.getString("rule_id"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("decided_at")),
                rs.getString("decided_by")), args.toArray());
        boolean hasNext = rows.size() > PAGE_SIZE;
        return new Page(hasNext ? rows.subList(0, PAGE_SIZE) : rows, hasNext);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
