package dev.sluice.policy.audit;

import dev.sluice.contracts.audit.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** Writes audit events as one JSON line each to the {@code sluice.audit} logger (no Kafka configured). */
public final class LogAuditSink implements AuditSink {

    private static final Logger audit = LoggerFactory.getLogger("sluice.audit");
    private final JsonMapper json;

    public LogAuditSink(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void publish(AuditEvent event) {
        audit.info("{}", json.writeValueAsString(event));
    }

    @Override
    public void close() {
        // nothing held
    }
}
