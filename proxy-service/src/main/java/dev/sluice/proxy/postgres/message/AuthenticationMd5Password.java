package dev.sluice.proxy.postgres.message;

/**
 * AuthenticationMD5Password: the server asks for an MD5-hashed password.
 *
 * @param salt the four-byte salt
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record AuthenticationMd5Password(byte[] salt) implements BackendMessage {
}
