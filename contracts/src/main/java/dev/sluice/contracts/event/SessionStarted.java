package dev.sluice.contracts.event;

import dev.sluice.contracts.decision.ConnectionRef;
import dev.sluice.contracts.identity.Identity;

/**
 * Payload of {@code sluice.session.started}.
 *
 * @param sessionId         gateway session id
 * @param identity          verified caller
 * @param connection        target connection
 * @param clientAddress     client address as seen by the proxy
 * @param clientApplication what the client called itself (e.g. PostgreSQL {@code application_name}), may be empty
 * @param proxyInstance     which proxy instance holds the session
 */
public record SessionStarted(
        String sessionId,
        Identity identity,
        ConnectionRef connection,
        String clientAddress,
        String clientApplication,
        String proxyInstance) {}
