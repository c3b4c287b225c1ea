package dev.sluice.proxy.postgres.error;

/**
 * A peer broke the framing or message rules of the
 * <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">PostgreSQL protocol 3.0</a>.
 *
 * <p>Always SQLSTATE {@code 08P01} and always fatal: once framing is in doubt, no later byte can be trusted.
 */
public final class PgProtocolException extends PgException {

    private static final long serialVersionUID = 1L;

    public PgProtocolException(String message) {
        super(SqlState.PROTOCOL_VIOLATION, message, true);
    }
}
