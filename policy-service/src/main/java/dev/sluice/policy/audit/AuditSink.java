package dev.sluice.policy.audit;

import dev.sluice.contracts.audit.AuditEvent;

/**
 * Where policy-service's audit events go: the {@code sluice.audit} topic when Kafka is configured, the log
 * otherwise. Publishing never blocks the caller (a reload or startup) on the network.
 */
public sealed interface AuditSink extends AutoCloseable permits KafkaAuditSink, LogAuditSink {

    /** Hands the event over; failures are logged, never thrown. */
    void publish(AuditEvent event);

    @Override
    void close();
}
