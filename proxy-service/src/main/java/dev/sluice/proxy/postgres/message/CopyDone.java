package dev.sluice.proxy.postgres.message;

/**
 * CopyDone, sent in both directions at the end of a COPY stream.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record CopyDone() implements FrontendMessage, BackendMessage {
}
