package dev.sluice.proxy.postgres.message;

/**
 * CopyFail: the client aborts COPY FROM STDIN.
 *
 * @param message the reason reported by the client
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record CopyFail(String message) implements FrontendMessage {
}
