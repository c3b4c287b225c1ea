package dev.sluice.proxy.postgres.message;

/**
 * FunctionCallResponse: the result of a FunctionCall.
 *
 * @param value the result, or {@code null} for SQL NULL
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record FunctionCallResponse(byte[] value) implements BackendMessage {
}
