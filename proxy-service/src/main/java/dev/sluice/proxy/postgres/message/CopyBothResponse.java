package dev.sluice.proxy.postgres.message;

/**
 * CopyBothResponse: the connection switches to bidirectional COPY (streaming replication).
 *
 * @param format        0 for text, 1 for binary
 * @param columnFormats the format code of each column
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record CopyBothResponse(byte format, short[] columnFormats) implements BackendMessage {
}
