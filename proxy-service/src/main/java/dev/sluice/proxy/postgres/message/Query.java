package dev.sluice.proxy.postgres.message;

/**
 * Query: a simple-protocol query string, which may hold several statements.
 *
 * @param sql the query text, decoded strictly as UTF-8
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record Query(String sql) implements FrontendMessage {
}
