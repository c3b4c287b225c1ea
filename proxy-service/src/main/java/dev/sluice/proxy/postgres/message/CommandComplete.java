package dev.sluice.proxy.postgres.message;

/**
 * CommandComplete: one statement finished.
 *
 * @param tag the command tag, for example {@code SELECT 3} or {@code INSERT 0 1}
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record CommandComplete(String tag) implements BackendMessage {
}
