package dev.sluice.recording.storage;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * One stored session event. {@code data} and {@code eventTimeText} keep the exact text that entered the
 * hash (see {@link dev.sluice.contracts.event.EventChain}) so that the chain can be recomputed later.
 *
 * <p>Not final: Hibernate subclasses entities for lazy proxies.
 */
@Entity
@Table(schema = "recording", name = "session_events")
public class SessionEventEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String eventId;
    private String sessionId;
    private long seq;
    private String type;
    private Instant eventTime;
    private String eventTimeText;
    private String prevhash;
    private String hash;
    private String data;
    private boolean chainOk;
    private Instant receivedAt;

    protected SessionEventEntity() {}

    public SessionEventEntity(String eventId, String sessionId, long seq, String type, Instant eventTime,
            String eventTimeText, String prevhash, String hash, String data, boolean chainOk, Instant receivedAt) {
        this.eventId = Objects.requireNonNull(eventId, "eventId");
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.seq = seq;
        this.type = Objects.requireNonNull(type, "type");
        this.eventTime = Objects.requireNonNull(eventTime, "eventTime");
        this.eventTimeText = Objects.requireNonNull(eventTimeText, "eventTimeText");
        this.prevhash = Objects.requireNonNull(prevhash, "prevhash");
        this.hash = Objects.requireNonNull(hash, "hash");
        this.data = Objects.requireNonNull(data, "data");
        this.chainOk = chainOk;
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** Insertion order of the row (identity column). */
    public Long getId() {
        return id;
    }

    public String getEventId() {
        return eventId;
    }

    public String getSessionId() {
        return sessionId;
    }

    public long getSeq() {
        return seq;
    }

    public String getType() {
        return type;
    }

    public Instant getEventTime() {
        return eventTime;
    }

    public String getEventTimeText() {
        return eventTimeText;
    }

    public String getPrevhash() {
        return prevhash;
    }

    public String getHash() {
        return hash;
    }

    public String getData() {
        return data;
    }

    public boolean isChainOk() {
        return chainOk;
    }

    public Instant getReceivedAt() {
        return receivedAt;
    }
}
