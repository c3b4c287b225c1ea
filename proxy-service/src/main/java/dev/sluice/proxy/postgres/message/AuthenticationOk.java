package dev.sluice.proxy.postgres.message;

/**
 * AuthenticationOk: authentication succeeded.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record AuthenticationOk() implements BackendMessage {
}
