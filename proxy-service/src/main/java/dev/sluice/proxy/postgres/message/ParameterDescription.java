package dev.sluice.proxy.postgres.message;

/**
 * ParameterDescription: the parameter type OIDs of a prepared statement.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record ParameterDescription(int[] types) implements BackendMessage {
}
