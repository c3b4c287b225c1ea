package dev.sluice.proxy.postgres.message;

/**
 * NoData: the described statement or portal returns no rows.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record NoData() implements BackendMessage {
}
