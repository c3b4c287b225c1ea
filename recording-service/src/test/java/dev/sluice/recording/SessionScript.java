package dev.sluice.recording;

import dev.sluice.contracts.decision.ConnectionRef;
import dev.sluice.contracts.event.CommandExecuted;
import dev.sluice.contracts.event.EventChain;
import dev.sluice.contracts.event.SessionEnded;
import dev.sluice.contracts.event.SessionEvent;
import dev.sluice.contracts.event.SessionEventType;
import dev.sluice.contracts.event.SessionStarted;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.contracts.identity.IdentityKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one session's events the way the proxy publishes them: CloudEvents JSON from a default Jackson 3
 * mapper, with {@code seq} counting from 1 and the {@link EventChain} hash linking each event to the last.
 */
public final class SessionScript {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final String sessionId;
    private Instant clock;
    private long seq;
    private String prevhash = EventChain.GENESIS;

    public SessionScript(Instant start) {
        this("sess-" + UUID.randomUUID(), start);
    }

    public SessionScript(String sessionId, Instant start) {
        this.sessionId = sessionId;
        this.clock = start;
    }

    public String sessionId() {
        return sessionId;
    }

    /** A {@code sluice.session.started} event for {@code alice} ({@code dba}) on connection {@code orders}. */
    public Published started() {
        return next(SessionEventType.SESSION_STARTED, new SessionStarted(sessionId,
                new Identity("alice", List.of("dba", "oncall"), IdentityKind.HUMAN),
                new ConnectionRef("orders", "postgres", Map.of("env", "prod")), "127.0.0.1:50432", "psql",
                "proxy-1"));
    }

    public Published command(String sql) {
        return next(SessionEventType.COMMAND, new CommandExecuted(sessionId, "Query", sql, "ALLOW", "allow-dba",
                "dba may query", "v1", 1200, "SELECT 1", 1, "", ""));
    }

    public Published ended(String reason) {
        return next(SessionEventType.SESSION_ENDED, new SessionEnded(sessionId, reason, seq - 1, 1000));
    }

    /**
     * The next command event, hashed over {@code hashedSql} but published with {@code publishedSql}: what an
     * attacker editing the event in transit or at rest would produce.
     */
    public Published tamperedCommand(String hashedSql, String publishedSql) {
        Published honest = command(hashedSql);
        CommandExecuted forged = new CommandExecuted(sessionId, "Query", publishedSql, "ALLOW", "allow-dba",
                "dba may query", "v1", 1200, "SELECT 1", 1, "", "");
        SessionEvent<CommandExecuted> event = new SessionEvent<>(SessionEvent.SPEC_VERSION, honest.id(),
                "/sluice/proxy/proxy-1", SessionEventType.COMMAND.type(), honest.time(), sessionId,
                "application/json", honest.seq(), honest.prevhash(), honest.hash(), forged);
        return new Published(honest.id(), honest.seq(), honest.time(), honest.prevhash(), honest.hash(),
                MAPPER.writeValueAsString(event));
    }

    private <D> Published next(SessionEventType type, D data) {
        seq++;
        clock = clock.plusMillis(250);
        String id = UUID.randomUUID().toString();
        String time = clock.toString();
        String hash = EventChain.hash(prevhash, id, type.type(), sessionId, seq, time,
                MAPPER.writeValueAsString(data));
        SessionEvent<D> event = new SessionEvent<>(SessionEvent.SPEC_VERSION, id, "/sluice/proxy/proxy-1",
                type.type(), time, sessionId, "application/json", seq, prevhash, hash, data);
        Published published = new Published(id, seq, time, prevhash, hash, MAPPER.writeValueAsString(event));
        prevhash = hash;
        return published;
    }

    /**
     * One event as it goes on the wire.
     *
     * @param json the record value
     */
    public record Published(String id, long seq, String time, String prevhash, String hash, String json) {}
}
