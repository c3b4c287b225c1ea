package dev.sluice.proxy.postgres.message;

/**
 * Sync: ends an extended-query batch; the server answers with ReadyForQuery.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record Sync() implements FrontendMessage {
}
