package dev.sluice.proxy.events;

import dev.sluice.contracts.identity.Identity;

/**
 * What the gateway knew about a connection attempt when it refused it, for the audit feed. Each part is
 * optional except the protocol and the client address: a malformed start-up names no connection, a bad token no
 * identity, and only an authorized attempt has a session id.
 *
 * @param protocol      {@code postgres}, …
 * @param clientAddress the client's IP address as seen by the proxy
 * @param encrypted     whether the client had negotiated TLS
 * @param connection    the requested connection name, or null when not (yet) known
 * @param identity      the verified identity, or null before (or without) a valid token
 * @param sessionId     the gateway session id, or null when no session was allocated
 * @param ruleId        the policy rule that refused the connection, or null
 * @param policyVersion the bundle version of that decision, or null
 */
public record ConnectionAttempt(
        String protocol,
        String clientAddress,
        boolean encrypted,
        String connection,
        Identity identity,
        String sessionId,
        String ruleId,
        String policyVersion) {

    /** An attempt of which only the transport is known (refused before the start-up message was read). */
    public static ConnectionAttempt transportOnly(String protocol, String clientAddress, boolean encrypted) {
        return new ConnectionAttempt(protocol, clientAddress, encrypted, null, null, null, null, null);
    }
}
