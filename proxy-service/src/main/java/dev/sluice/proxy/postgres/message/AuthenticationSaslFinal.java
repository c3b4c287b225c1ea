package dev.sluice.proxy.postgres.message;

/**
 * AuthenticationSASLFinal: the SASL outcome with additional data.
 *
 * @param data the mechanism-specific final message (for SCRAM the server signature)
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record AuthenticationSaslFinal(byte[] data) implements BackendMessage {
}
