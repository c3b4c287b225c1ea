package dev.sluice.proxy.postgres.message;

/**
 * PortalSuspended: Execute reached its row limit.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record PortalSuspended() implements BackendMessage {
}
