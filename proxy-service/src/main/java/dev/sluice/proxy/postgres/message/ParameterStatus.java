package dev.sluice.proxy.postgres.message;

/**
 * ParameterStatus: the server reports a run-time parameter (server_version, client_encoding, ...).
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record ParameterStatus(String name, String value) implements BackendMessage {
}
