package dev.sluice.proxy.postgres.message;

/**
 * ReadyForQuery: the server is ready for a new command.
 *
 * @param status {@link PgConstants#IDLE}, {@link PgConstants#IN_TRANSACTION} or {@link PgConstants#FAILED}
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record ReadyForQuery(byte status) implements BackendMessage {
}
