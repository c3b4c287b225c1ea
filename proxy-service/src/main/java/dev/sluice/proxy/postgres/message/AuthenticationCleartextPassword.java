package dev.sluice.proxy.postgres.message;

/**
 * AuthenticationCleartextPassword: the server asks for the password in clear text.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record AuthenticationCleartextPassword() implements BackendMessage {
}
