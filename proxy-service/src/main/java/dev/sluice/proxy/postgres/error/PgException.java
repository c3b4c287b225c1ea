package dev.sluice.proxy.postgres.error;

import java.util.Objects;

/**
 * Root of every failure in the PostgreSQL protocol layer, carrying the SQLSTATE that the client will see.
 *
 * <p>The exception is translated into an {@code ErrorResponse} only at the edge of a session (severity
 * {@code FATAL} when {@link #fatal()} is true, which also ends the connection; {@code ERROR} otherwise).
 * See <a href="https://www.postgresql.org/docs/current/errcodes-appendix.html">Appendix A, PostgreSQL
 * Error Codes</a>.
 */
public class PgException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String sqlState;
    private final boolean fatal;

    /**
     * @param sqlState the five-character SQLSTATE, for example {@link SqlState#PROTOCOL_VIOLATION}
     * @param message  the primary message sent to the client; must never contain credentials
     * @param fatal    whether the connection must be closed after reporting the error
     */
    public PgException(String sqlState, String message, boolean fatal) {
        super(message);
        Objects.requireNonNull(sqlState, "sqlState");
        if (sqlState.length() != 5) {
            throw new IllegalArgumentException("sqlState must have five characters: " + sqlState);
        }
        this.sqlState = sqlState;
        this.fatal = fatal;
    }

    /** The five-character SQLSTATE reported to the client. */
    public String sqlState() {
        return sqlState;
    }

    /** Whether the session must end after this error has been reported. */
    public boolean fatal() {
        return fatal;
    }
}
