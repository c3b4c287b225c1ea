package dev.sluice.proxy.postgres.message;

/**
 * DataRow: one result row.
 *
 * @param values the column values in the formats announced by RowDescription; a {@code null} element is SQL NULL
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record DataRow(byte[][] values) implements BackendMessage {
}
