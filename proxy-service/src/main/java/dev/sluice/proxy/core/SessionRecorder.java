package dev.sluice.proxy.core;

import dev.sluice.contracts.event.CommandExecuted;
import dev.sluice.contracts.event.EventChain;
import dev.sluice.contracts.event.SessionEvent;
import dev.sluice.contracts.event.SessionEventType;
import dev.sluice.contracts.event.SessionStarted;
import dev.sluice.proxy.events.AuditEvents;
import dev.sluice.proxy.limits.LimitExceeded;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import tools.jackson.core.JacksonException;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one session's happenings into CloudEvents ({@link SessionEvent}) with a per-session sequence number and
 * SHA-256 hash chain ({@link EventChain}), and hands them to the {@link EventSink}. One instance per session;
 * calls are serialized because both relay threads of a session record.
 *
 * <p>This runs once per statement on the relay path, so it does the least work that keeps the contract: the
 * payload is serialized once and the envelope written around it; the event id is the session id and sequence
 * number, unique per source as CloudEvents requires, without drawing on a shared random source.
 *
 * <p>Each start and each command also yields a {@code sluice.audit} event ({@link AuditEvents}): login succeeded
 * and the decision. The session is unhealthy as soon as either cannot be handed over, and while the sink is not
 * {@linkplain EventSink#accepting() accepting}; a session is not started at all then.
 */
public final class SessionRecorder {
    private final String sessionId;
    private final String quotedSessionId;
    private final String quotedSource;
    private final JsonMapper json;
    private final EventSink sink;
    private final AuditEvents audit;
    private SessionStarted started;
    private long seq;
    private String prevhash = EventChain.GENESIS;
    private volatile boolean healthy = true;

    public SessionRecorder(String sessionId, String source, JsonMapper json, EventSink sink) {
        this.sessionId = sessionId;
        this.quotedSessionId = quote(sessionId);
        this.quotedSource = quote(source);
        this.json = json;
        this.sink = sink;
        this.audit = new AuditEvents(source, json);
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
        if (type == SessionEventType.SESSION_STARTED && !sink.accepting()) {
            // do not open a session whose commands would all be refused
            return false;
        }
        long next = seq + 1;
        String id = sessionId + "-" + next;
        String time = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
        String dataJson;
        try {
            dataJson = json.writeValueAsString(data);
        } catch (JacksonException e) {
            healthy = false;
            return false;
        }
        String hash = EventChain.hash(prevhash, id, type.type(), sessionId, next, time, dataJson);
        // Same attributes, in the same order, as the SessionEvent record would serialize to.
        String event = new StringBuilder(dataJson.length() + 400)
                .append("{\"specversion\":\"").append(SessionEvent.SPEC_VERSION)
                .append("\",\"id\":").append(quote(id))
                .append(",\"source\":").append(quotedSource)
                .append(",\"type\":\"").append(type.type())
                .append("\",\"time\":\"").append(time)
                .append("\",\"subject\":").append(quotedSessionId)
                .append(",\"datacontenttype\":\"application/json\",\"seq\":").append(next)
                .append(",\"prevhash\":\"").append(prevhash)
                .append("\",\"hash\":\"").append(hash)
                .append("\",\"data\":").append(dataJson)
                .append('}')
                .toString();
        if (!sink.publish(sessionId, event)) {
            healthy = false;
            return false;
        }
        seq = next;
        prevhash = hash;
        return audit(data, id, time);
    }

    private boolean audit(Object data, String id, String time) {
        String auditEvent;
        String subject;
        switch (data) {
            case SessionStarted start -> {
                started = start;
                subject = start.identity().subject();
                auditEvent = auditJson(() -> audit.loginSucceeded(id, time, start));
            }
            case CommandExecuted command -> {
                subject = started == null ? "-" : started.identity().subject();
                auditEvent = auditJson(() -> audit.decision(id, time, started, command));
            }
            default -> {
                return true;
            }
        }
        if (auditEvent == null || !sink.audit(subject, auditEvent)) {
            healthy = false;
            return false;
        }
        return true;
    }

    /**
     * Publishes a {@code limit.exceeded} audit event for this session (started or refused at start).
     *
     * @return false when the event could not be handed over
     */
    public boolean limitExceeded(ProxySession session, LimitExceeded exceeded) {
        String event = auditJson(() -> audit.limitExceeded(sessionId, session.identity(), session.connection(),
                session.clientAddress(), exceeded.limit(), exceeded.ruleId(), exceeded.maximum(), exceeded.refused()));
        return event != null && sink.audit(session.identity().subject(), event);
    }

    private static String auditJson(java.util.function.Supplier<String> builder) {
        try {
            return builder.get();
        } catch (JacksonException e) {
            return null;
        }
    }

    /**
     * False once any event could not be handed over, and while the sink cannot take more: the session must not run
     * commands then.
     */
    public boolean healthy() {
        return healthy && sink.accepting();
    }

    /** The session this recorder belongs to. */
    public String sessionId() {
        return sessionId;
    }

    private static String quote(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, quoted);
        return quoted.append('"').toString();
    }
}
