package dev.sluice.cli.postgres;

/** A failure in the connector, with the SQLSTATE the local client is told in a FATAL ErrorResponse. */
public final class PgWireException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String sqlState;

    public PgWireException(String sqlState, String message) {
        super(message);
        this.sqlState = sqlState;
    }

    public PgWireException(String sqlState, String message, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /** The SQLSTATE for the client. */
    public String sqlState() {
        return sqlState;
    }
}
