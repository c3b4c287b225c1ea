package dev.sluice.proxy.events;

import dev.sluice.contracts.audit.AuditEvent;
import dev.sluice.contracts.audit.AuditTypes;
import dev.sluice.contracts.decision.ConnectionRef;
import dev.sluice.contracts.event.CommandExecuted;
import dev.sluice.contracts.event.SessionEvent;
import dev.sluice.contracts.event.SessionStarted;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.sql.Normalizer;
import dev.sluice.sql.StatementClassifier;
import dev.sluice.sql.StatementFacts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the proxy's {@code sluice.audit} events ({@link AuditEvent}, schema {@link AuditTypes#SCHEMA_V1}); the
 * fields of each type are documented in docs/audit-events.md and only ever added to within a version.
 *
 * <p>Never result data, never a token or password. Statements appear only normalized: literals are replaced by
 * placeholders ({@link Normalizer}), so a value typed into a statement — a password in {@code ALTER ROLE}, a card
 * number in a {@code WHERE} — does not reach the SIEM; the exact text stays in the transcript, which only auditors
 * read. Ids of events derived from a session event are that event's id with a suffix, so a redelivered event keeps
 * its id and consumers can drop the repeat.
 */
public final class AuditEvents {
    private static final int MAX_STATEMENT_CHARS = 4096;

    private final String source;
    private final JsonMapper json;

    public AuditEvents(String source, JsonMapper json) {
        this.source = source;
        this.json = json;
    }

    /** A session was authenticated and authorized. */
    public String loginSucceeded(String sessionEventId, String time, SessionStarted started) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sessionId", started.sessionId());
        data.put("protocol", started.connection().protocol());
        data.put("connection", started.connection().name());
        identity(data, started);
        data.put("clientAddress", started.clientAddress());
        data.put("clientApplication", started.clientApplication());
        data.put("proxyInstance", started.proxyInstance());
        return write(new AuditEvent(SessionEvent.SPEC_VERSION, sessionEventId + ".login", source,
                AuditTypes.LOGIN_SUCCEEDED, time, started.identity().subject(), "application/json",
                AuditTypes.SCHEMA_V1, data));
    }

    /**
     * A client was refused at authentication; {@code reasonCode} is a fixed category, never input. The subject is
     * {@code -}: an unverified token names nobody.
     */
    public String loginFailed(ConnectionAttempt attempt, String reasonCode) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("protocol", attempt.protocol());
        data.put("reasonCode", reasonCode);
        data.put("clientAddress", attempt.clientAddress());
        data.put("tls", attempt.encrypted());
        data.put("connection", connectionName(attempt.connection()));
        return write(new AuditEvent(SessionEvent.SPEC_VERSION, UUID.randomUUID().toString(), source,
                AuditTypes.LOGIN_FAILED, now(), "-", "application/json", AuditTypes.SCHEMA_V1, data));
    }

    /**
     * A connection attempt was refused other than at authentication: what was known of it when it was refused.
     *
     * @param refusal    the refusal class ({@code authorization}, {@code unknown-connection}, {@code limit}, …)
     * @param reasonCode a fixed category within it
     * @param reason     the message the client was given
     */
    public String connectionRefused(ConnectionAttempt attempt, String refusal, String reasonCode, String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("protocol", attempt.protocol());
        data.put("refusal", refusal);
        data.put("reasonCode", reasonCode);
        String connection = connectionName(attempt.connection());
        // the client-facing message may quote the requested name; keep a withheld one withheld here too
        String shown = attempt.connection() != null && !connection.equals(attempt.connection()) && reason != null
                ? reason.replace(attempt.connection(), connection) : reason;
        data.put("reason", truncate(shown, 512));
        data.put("clientAddress", attempt.clientAddress());
        data.put("tls", attempt.encrypted());
        data.put("connection", connection);
        data.put("sessionId", attempt.sessionId() == null ? "" : attempt.sessionId());
        data.put("identityKind", attempt.identity() == null ? "" : attempt.identity().kind().name());
        data.put("groups", attempt.identity() == null ? java.util.List.of() : attempt.identity().groups());
        data.put("ruleId", attempt.ruleId() == null ? "" : attempt.ruleId());
        data.put("policyVersion", attempt.policyVersion() == null ? "" : attempt.policyVersion());
        String subject = attempt.identity() == null ? "-" : attempt.identity().subject();
        return write(new AuditEvent(SessionEvent.SPEC_VERSION, UUID.randomUUID().toString(), source,
                AuditTypes.CONNECTION_REFUSED, now(), subject, "application/json", AuditTypes.SCHEMA_V1, data));
    }

    /**
     * The requested connection name as typed by the client, bounded; a value shaped like a token (someone pasted
     * it into the wrong field) is withheld, since the feed must never carry one.
     */
    private static String connectionName(String name) {
        if (name == null) {
            return "";
        }
        if (name.length() > 40 && name.chars().filter(c -> c == '.').count() == 2) {
            return "<withheld: token-shaped>";
        }
        return truncate(name, 128);
    }

    private static String truncate(String text, int max) {
        return text == null ? "" : text.length() > max ? text.substring(0, max) : text;
    }

    /**
     * A session or statement of an identity was refused by one of its limits.
     *
     * @param sessionId the session refused or whose statement was refused
     * @param limit     {@code sessions}, {@code sessions-per-connection} or {@code statement-rate}
     * @param refused   refusals this event stands for (statement-rate events are at most one per second)
     */
    public String limitExceeded(String sessionId, Identity identity, ConnectionRef connection, String clientAddress,
            String limit, String ruleId, double maximum, int refused) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sessionId", sessionId);
        data.put("protocol", connection.protocol());
        data.put("connection", connection.name());
        data.put("identityKind", identity.kind().name());
        data.put("groups", identity.groups());
        data.put("clientAddress", clientAddress);
        data.put("limit", limit);
        data.put("ruleId", ruleId);
        data.put("maximum", maximum);
        data.put("refused", refused);
        return write(new AuditEvent(SessionEvent.SPEC_VERSION, UUID.randomUUID().toString(), source,
                AuditTypes.LIMIT_EXCEEDED, now(), identity.subject(), "application/json", AuditTypes.SCHEMA_V1, data));
    }

    /** A command of a session was decided (and, if allowed, run). */
    public String decision(String sessionEventId, String time, SessionStarted started, CommandExecuted command) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sessionId", command.sessionId());
        data.put("protocol", started == null ? "" : started.connection().protocol());
        data.put("connection", started == null ? "" : started.connection().name());
        identity(data, started);
        data.put("clientAddress", started == null ? "" : started.clientAddress());
        data.put("message", command.message());
        StatementFacts facts = classify(command.text());
        data.put("statementClass", facts.statementClass().policyName());
        data.put("statementType", facts.statementType());
        String normalized = normalize(command.text());
        data.put("statement", normalized.length() > MAX_STATEMENT_CHARS
                ? normalized.substring(0, MAX_STATEMENT_CHARS) : normalized);
        data.put("statementFingerprint", sha256(normalized));
        data.put("effect", command.effect());
        data.put("ruleId", command.ruleId());
        data.put("reason", command.reason());
        data.put("policyVersion", command.policyVersion());
        data.put("durationMicros", command.durationMicros());
        data.put("rowsAffected", command.rowsAffected());
        data.put("errorCode", command.errorCode());
        // Counts per masking rule only; the masked values and the result sample stay in the transcript.
        data.put("maskedCounts", command.maskedCounts());
        if (!command.approvalId().isEmpty() || !command.approvalState().isEmpty()) {
            // Only on statements that needed an approval: which request, how it ended, who approved.
            data.put("approvalId", command.approvalId());
            data.put("approvalState", command.approvalState());
            data.put("approvers", command.approvers());
        }
        String subject = started == null ? "-" : started.identity().subject();
        return write(new AuditEvent(SessionEvent.SPEC_VERSION, sessionEventId + ".decision", source,
                AuditTypes.DECISION, time, subject, "application/json", AuditTypes.SCHEMA_V1, data));
    }

    private static void identity(Map<String, Object> data, SessionStarted started) {
        data.put("identityKind", started == null ? "" : started.identity().kind().name());
        data.put("groups", started == null ? java.util.List.of() : started.identity().groups());
    }

    private static StatementFacts classify(String text) {
        try {
            return text.isEmpty() ? StatementFacts.unknown("") : StatementClassifier.classify(text);
        } catch (RuntimeException e) {
            return StatementFacts.unknown("");
        }
    }

    private static String normalize(String text) {
        try {
            String normalized = Normalizer.normalize(text);
            // lexically broken input: say so rather than show a fingerprint that may contain its raw text
            return normalized.startsWith(Normalizer.ERROR_PREFIX) ? "<unparseable statement>" : normalized;
        } catch (RuntimeException e) {
            return "<unparseable statement>";
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
    }

    private String write(AuditEvent event) {
        return json.writeValueAsString(event);
    }
}
