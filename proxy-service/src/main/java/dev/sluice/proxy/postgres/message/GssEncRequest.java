package dev.sluice.proxy.postgres.message;

/**
 * GSSENCRequest: the client asks for GSSAPI transport encryption (the gateway answers {@code N}).
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record GssEncRequest() implements FrontendMessage {
}
