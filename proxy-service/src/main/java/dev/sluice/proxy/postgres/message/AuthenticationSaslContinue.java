package dev.sluice.proxy.postgres.message;

/**
 * AuthenticationSASLContinue: a SASL challenge.
 *
 * @param data the mechanism-specific challenge
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record AuthenticationSaslContinue(byte[] data) implements BackendMessage {
}
