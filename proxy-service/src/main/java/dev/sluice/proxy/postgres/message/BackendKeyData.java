package dev.sluice.proxy.postgres.message;

/**
 * BackendKeyData: the key a client needs to send a CancelRequest for this session (protocol 3.0: four bytes).
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record BackendKeyData(int processId, int secretKey) implements BackendMessage {
}
