package dev.sluice.proxy.postgres.message;

/**
 * Describe: asks for the description of a prepared statement or portal.
 *
 * @param target {@link PgConstants#TARGET_STATEMENT} or {@link PgConstants#TARGET_PORTAL}
 * @param name   the statement or portal name; empty for the unnamed one
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record Describe(byte target, String name) implements FrontendMessage {
}
