package dev.sluice.contracts.decision;

import dev.sluice.contracts.identity.Identity;
import java.util.Objects;

/**
 * Body of {@code POST /v1/decisions}: may this identity run this command on this connection?
 *
 * @param sessionId     the gateway session the command belongs to
 * @param identity      the verified caller
 * @param connection    the target
 * @param command       the command to decide
 * @param clientAddress the client's address as seen by the proxy
 */
public record DecisionRequest(
        String sessionId, Identity identity, ConnectionRef connection, Command command, String clientAddress) {
    public DecisionRequest {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(command, "command");
    }
}
