package dev.sluice.proxy.postgres.message;

/**
 * CopyData, sent in both directions during COPY.
 *
 * @param data the raw chunk of the COPY stream (not copied)
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record CopyData(byte[] data) implements FrontendMessage, BackendMessage {
}
