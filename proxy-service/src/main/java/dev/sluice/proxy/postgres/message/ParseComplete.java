package dev.sluice.proxy.postgres.message;

/**
 * ParseComplete: a Parse succeeded.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record ParseComplete() implements BackendMessage {
}
