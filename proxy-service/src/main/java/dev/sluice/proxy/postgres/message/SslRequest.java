package dev.sluice.proxy.postgres.message;

/**
 * SSLRequest: the client asks to switch the connection to TLS before StartupMessage.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record SslRequest() implements FrontendMessage {
}
