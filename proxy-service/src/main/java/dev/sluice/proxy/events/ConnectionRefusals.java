package dev.sluice.proxy.events;

import dev.sluice.contracts.audit.AuditTypes;
import dev.sluice.proxy.core.EventSink;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts every refused connection attempt on the audit feed: {@link AuditTypes#LOGIN_FAILED} when the token was
 * refused, {@link AuditTypes#CONNECTION_REFUSED} for every other refusal before the client was ready. The client
 * is refused whether or not the event can be handed over; a lost event is logged, since the refusal itself is
 * already the safe outcome.
 */
public final class ConnectionRefusals {
    private static final Logger log = LoggerFactory.getLogger(ConnectionRefusals.class);

    private final AuditEvents audit;
    private final EventSink sink;

    /**
     * @param instanceId the proxy instance, the events' source is {@code sluice://proxy/<instanceId>}
     */
    public ConnectionRefusals(String instanceId, JsonMapper json, EventSink sink) {
        this.audit = new AuditEvents("sluice://proxy/" + instanceId, json);
        this.sink = sink;
    }

    /**
     * Audits one refusal.
     *
     * @param refusal    the refusal class, e.g. {@code authentication}, {@code authorization}, {@code limit}
     * @param reasonCode a short fixed category within it, never input (e.g. {@code expired})
     * @param reason     the message the client was given (never contains a credential)
     */
    public void refused(ConnectionAttempt attempt, String refusal, String reasonCode, String reason) {
        String category = refusal.toLowerCase(Locale.ROOT).replace('_', '-');
        String code = reasonCode.toLowerCase(Locale.ROOT).replace('_', '-');
        String subject = attempt.identity() == null ? "-" : attempt.identity().subject();
        try {
            String event = "authentication".equals(category)
                    ? audit.loginFailed(attempt, code)
                    : audit.connectionRefused(attempt, category, code, reason);
            if (!sink.audit(subject, event)) {
                log.warn("the audit event of a refused {} connection from {} could not be handed over",
                        attempt.protocol(), attempt.clientAddress());
            }
        } catch (RuntimeException e) {
            log.warn("the audit event of a refused {} connection from {} could not be written: {}",
                    attempt.protocol(), attempt.clientAddress(), e.toString());
        }
    }
}
