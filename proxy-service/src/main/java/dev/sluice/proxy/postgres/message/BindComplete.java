package dev.sluice.proxy.postgres.message;

/**
 * BindComplete: a Bind succeeded.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record BindComplete() implements BackendMessage {
}
