package dev.sluice.proxy.postgres.message;

/**
 * CloseComplete: a Close succeeded.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record CloseComplete() implements BackendMessage {
}
