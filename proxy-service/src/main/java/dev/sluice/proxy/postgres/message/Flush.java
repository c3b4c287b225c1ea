package dev.sluice.proxy.postgres.message;

/**
 * Flush: asks the server to send what it has buffered.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record Flush() implements FrontendMessage {
}
