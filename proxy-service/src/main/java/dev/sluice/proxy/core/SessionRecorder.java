package dev.sluice.proxy.core;

import dev.sluice.contracts.event.EventChain;
import dev.sluice.contracts.event.SessionEvent;
import dev.sluice.contracts.event.SessionEventType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one session's happenings into CloudEvents with a per-session sequence number and SHA-256 hash
 * chain ({@link EventChain}), and hands them to the {@link EventSink}. One instance per session; calls are
 * serialized because the relay threads of a session may both record.
 */
public final class SessionRecorder {
    private final String sessionId;
    private final String source;
    private final JsonMapper json;
    private final EventSink sink;
    private long seq;
    private String prevhash = EventChain.GENESIS;
    private boolean healthy = true;

    public SessionRecorder(String sessionId, String source, JsonMapper json, EventSink sink) {
        this.sessionId = sessionId;
        this.source = source;
        this.json = json;
        this.sink = sink;
    }

    /**
     * Records an event.
     *
     * @return false if the event could not be accepted for publication
     */
    public synchronized boolean record(SessionEventType type, Object data) {
        if (type.dataClass() != data.getClass()) {
            throw new IllegalArgumentException(type + " carries " + type.dataClass().getSimpleName());
        }
        long next = seq + 1;
        String id = UUID.randomUUID().toString();
        String time = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
        String eventJson;
        String hash;
        try {
            String dataJson = json.writeValueAsString(data);
            hash = EventChain.hash(prevhash, id, type.type(), sessionId, next, time, dataJson);
            eventJson = json.writeValueAsString(new SessionEvent<>(SessionEvent.SPEC_VERSION, id, source, type.type(),
                    time, sessionId, "application/json", next, prevhash, hash, data));
        } catch (JacksonException e) {
            healthy = false;
            return false;
        }
        if (!sink.publish(sessionId, eventJson)) {
            healthy = false;
            return false;
        }
        seq = next;
        prevhash = hash;
        return true;
    }

    /** False once any event could not be handed over: the session must stop running commands. */
    public synchronized boolean healthy() {
        return healthy;
    }

    /** The session this recorder belongs to. */
    public String sessionId() {
        return sessionId;
    }
}
