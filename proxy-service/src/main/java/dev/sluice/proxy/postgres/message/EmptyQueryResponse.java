package dev.sluice.proxy.postgres.message;

/**
 * EmptyQueryResponse: the query string was empty.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record EmptyQueryResponse() implements BackendMessage {
}
