package dev.sluice.proxy.postgres.message;

/**
 * NotificationResponse: a NOTIFY delivered to a listening session.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record NotificationResponse(int processId, String channel, String payload) implements BackendMessage {
}
