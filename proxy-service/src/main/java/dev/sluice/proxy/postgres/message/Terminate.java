package dev.sluice.proxy.postgres.message;

/**
 * Terminate: the client closes the session.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record Terminate() implements FrontendMessage {
}
