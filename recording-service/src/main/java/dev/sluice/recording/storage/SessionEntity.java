package dev.sluice.recording.storage;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One gateway session as assembled from its events. Created by whichever event arrives first, so the
 * identity columns stay empty until {@code sluice.session.started} has been seen.
 *
 * <p>Not final: Hibernate subclasses entities for lazy proxies.
 */
@Entity
@Table(schema = "recording", name = "sessions")
public class SessionEntity {

    @Id
    private String id;

    private String subject;
    private String kind;

    @JdbcTypeCode(SqlTypes.ARRAY)
    private List<String> groups;

    private String connection;
    private String protocol;
    private String clientAddress;
    private String clientApplication;
    private Instant startedAt;
    private Instant endedAt;
    private String endReason;
    private long commandCount;
    private long lastSeq;
    private Instant firstSeenAt;

    protected SessionEntity() {}

    public SessionEntity(String id, Instant firstSeenAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.firstSeenAt = Objects.requireNonNull(firstSeenAt, "firstSeenAt");
    }

    /** Applies {@code sluice.session.started}. */
    public void started(Instant at, String subject, String kind, List<String> groups, String connection,
            String protocol, String clientAddress, String clientApplication) {
        this.startedAt = at;
        this.subject = subject;
        this.kind = kind;
        this.groups = List.copyOf(groups);
        this.connection = connection;
        this.protocol = protocol;
        this.clientAddress = clientAddress;
        this.clientApplication = clientApplication;
    }

    /** Applies {@code sluice.session.command}. */
    public void commandRecorded() {
        commandCount++;
    }

    /** Applies {@code sluice.session.ended}. */
    public void ended(Instant at, String reason) {
        this.endedAt = at;
        this.endReason = reason;
    }

    /** Remembers the highest sequence number seen; events may arrive out of order after a redelivery. */
    public void seen(long seq) {
        lastSeq = Math.max(lastSeq, seq);
    }

    public String getId() {
        return id;
    }

    public String getSubject() {
        return subject;
    }

    public String getKind() {
        return kind;
    }

    public List<String> getGroups() {
        return groups == null ? List.of() : List.copyOf(groups);
    }

    public String getConnection() {
        return connection;
    }

    public String getProtocol() {
        return protocol;
    }

    public String getClientAddress() {
        return clientAddress;
    }

    public String getClientApplication() {
        return clientApplication;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getEndedAt() {
        return endedAt;
    }

    public String getEndReason() {
        return endReason;
    }

    public long getCommandCount() {
        return commandCount;
    }

    public long getLastSeq() {
        return lastSeq;
    }

    public Instant getFirstSeenAt() {
        return firstSeenAt;
    }
}
