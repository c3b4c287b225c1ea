package dev.sluice.approval.notify;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox of reviewer notifications ({@code approval.notification_outbox}): one row per
 * notification and channel, written in the caller's transaction, so a request and its notifications commit
 * together and a crash loses neither. {@link OutboxWorker} drains it.
 */
public final class Outbox {
    private static final String TABLE = "approval.notification_outbox";

    /** One due delivery. */
    record Entry(long id, String channel, Notification notification, int attempts) {}

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final List<String> channels;
    private final Clock clock;

    Outbox(JdbcTemplate jdbc, JsonMapper json, List<String> channels, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.channels = List.copyOf(channels);
        this.clock = clock;
    }

    /** Queues {@code notification} for every enabled channel; must run inside the creating transaction. */
    void enqueue(Notification notification) {
        Timestamp now = Timestamp.from(clock.instant());
        String payload = json.writeValueAsString(notification);
        for (String channel : channels) {
            jdbc.update("insert into " + TABLE + " (channel, event, payload, attempts, next_attempt, created_at)"
                    + " values (?, ?, ?, 0, ?, ?)", channel, notification.event(), payload, now, now);
        }
    }

    /**
     * Locks the oldest due delivery for the current transaction; other workers (other instances) skip it.
     */
    Optional<Entry> claimNext() {
        List<Entry> due = jdbc.query("select id, channel, payload, attempts from " + TABLE
                        + " where state = 'PENDING' and next_attempt <= ? order by id limit 1 for update skip locked",
                (rs, row) -> new Entry(rs.getLong("id"), rs.getString("channel"),
                        json.readValue(rs.getString("payload"), Notification.class), rs.getInt("attempts")),
                Timestamp.from(clock.instant()));
        return due.stream().findFirst();
    }

    void sent(long id, int attempts) {
        jdbc.update("update " + TABLE + " set state = 'SENT', attempts = ?, last_error = null where id = ?",
                attempts, id);
    }

    void retryAt(long id, int attempts, Instant next, String error) {
        jdbc.update("update " + TABLE + " set attempts = ?, next_attempt = ?, last_error = ? where id = ?",
                attempts, Timestamp.from(next), error, id);
    }

    void failed(long id, int attempts, String error) {
        jdbc.update("update " + TABLE + " set state = 'FAILED', attempts = ?, last_error = ? where id = ?",
                attempts, error, id);
    }

    /** Deliveries by state, for tests and operators. */
    long count(String channel, String state) {
        Long count = jdbc.queryForObject("select count(*) from " + TABLE + " where channel = ? and state = ?",
                Long.class, channel, state);
        return count == null ? 0 : count;
    }
}
