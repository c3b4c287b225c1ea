package dev.sluice.recording.retention;

import dev.sluice.contracts.audit.AuditEvent;
import dev.sluice.contracts.audit.AuditTypes;
import dev.sluice.contracts.event.Topics;
import dev.sluice.recording.config.RecordingProperties;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deletes transcripts older than {@code sluice.recording.retention.max-age} and audits each deletion on
 * {@value Topics#AUDIT} ({@link AuditTypes#RETENTION}): deleting evidence is itself evidence. The deletion commits
 * before the audit event is published; should Kafka refuse it, the run is logged as an error with the same facts.
 */
@Component
public final class RetentionJob {
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    private static final String SOURCE = "sluice://recording-service/retention";

    private static final String EXPIRED = """
            SELECT id FROM recording.sessions
            WHERE coalesce(ended_at, started_at, first_seen_at) < ?
            ORDER BY id""";

    /**
     * What a run deleted.
     *
     * @param olderThan the cutoff
     */
    public record Outcome(Instant olderThan, int sessions, int events) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final RecordingProperties.Retention settings;
    private final Clock clock = Clock.systemUTC();

    public RetentionJob(JdbcTemplate jdbc, TransactionTemplate transactions, KafkaTemplate<String, String> kafka,
            JsonMapper json, RecordingProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.json = json;
        this.settings = properties.retention();
    }

    @Scheduled(initialDelayString = "${sluice.recording.retention.interval:1h}",
            fixedDelayString = "${sluice.recording.retention.interval:1h}")
    void scheduled() {
        if (settings.enabled()) {
            try {
                run();
            } catch (RuntimeException e) {
                log.error("retention run failed; it is retried at the next interval", e);
            }
        }
    }

    /** Deletes what is older than the configured age now. */
    public Outcome run() {
        return deleteOlderThan(clock.instant().minus(settings.maxAge()));
    }

    /** Deletes sessions whose last activity is before {@code cutoff}, and audits it. */
    public Outcome deleteOlderThan(Instant cutoff) {
        Outcome outcome = transactions.execute(status -> {
            List<String> ids = jdbc.queryForList(EXPIRED, String.class, Timestamp.from(cutoff));
            if (ids.isEmpty()) {
                return new Outcome(cutoff, 0, 0);
            }
            String[] expired = ids.toArray(String[]::new);
            int events = deleteWhereAny("DELETE FROM recording.session_events WHERE session_id = ANY(?)", expired);
            deleteWhereAny("DELETE FROM recording.rejected_events WHERE record_key = ANY(?)", expired);
            int sessions = deleteWhereAny("DELETE FROM recording.sessions WHERE id = ANY(?)", expired);
            return new Outcome(cutoff, sessions, events);
        });
        if (outcome.sessions() > 0) {
            audit(outcome);
        }
        log.info("retention: deleted {} sessions ({} events) older than {}", outcome.sessions(), outcome.events(),
                cutoff);
        return outcome;
    }

    private int deleteWhereAny(String sql, String[] ids) {
        return jdbc.update(con -> {
            var statement = con.prepareStatement(sql);
            statement.setArray(1, con.createArrayOf("text", ids));
            return statement;
        });
    }

    private void audit(Outcome outcome) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deletedSessions", outcome.sessions());
        data.put("deletedEvents", outcome.events());
        data.put("olderThan", outcome.olderThan().toString());
        data.put("maxAgeSeconds", settings.maxAge().toSeconds());
        AuditEvent event = AuditEvent.of(SOURCE, AuditTypes.RETENTION, "recording-service", data);
        try {
            kafka.send(Topics.AUDIT, event.subject(), json.writeValueAsString(event)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.error("retention deleted {} sessions ({} events) older than {} but the audit event could not be "
                    + "published: {}", outcome.sessions(), outcome.events(), outcome.olderThan(), e.toString());
        }
    }
}
