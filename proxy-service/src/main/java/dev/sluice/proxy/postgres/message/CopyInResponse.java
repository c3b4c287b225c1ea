package dev.sluice.proxy.postgres.message;

/**
 * CopyInResponse: the server is ready to receive COPY data.
 *
 * @param format        0 for text, 1 for binary
 * @param columnFormats the format code of each column
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record CopyInResponse(byte format, short[] columnFormats) implements BackendMessage {
}
