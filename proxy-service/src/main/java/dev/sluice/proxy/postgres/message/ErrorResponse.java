package dev.sluice.proxy.postgres.message;

import dev.sluice.proxy.postgres.error.PgException;
import java.util.Map;

/**
 * ErrorResponse: a failed command ({@code ERROR}) or a failed session ({@code FATAL}, {@code PANIC}).
 *
 * @param fields the fields in wire order (unmodifiable copy)
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-ERRORRESPONSE">ErrorResponse</a>
 */
public record ErrorResponse(Map<Byte, String> fields) implements BackendMessage, NoticeFields {

    public ErrorResponse {
        fields = NoticeFields.copyOf(fields);
    }

    /** An error with the severity (localized and not), SQLSTATE and message fields, as PostgreSQL sends them. */
    public static ErrorResponse of(String severity, String sqlState, String message) {
        return new ErrorResponse(NoticeFields.basic(severity, sqlState, message));
    }

    /** A {@code FATAL} error: the server (or gateway) closes the connection after sending it. */
    public static ErrorResponse fatal(String sqlState, String message) {
        return of("FATAL", sqlState, message);
    }

    /** An {@code ERROR}: the current command fails and the session goes on. */
    public static ErrorResponse error(String sqlState, String message) {
        return of("ERROR", sqlState, message);
    }

    /** The native error for a protocol-layer exception: {@code FATAL} when the exception is fatal. */
    public static ErrorResponse from(PgException exception) {
        String message = exception.getMessage() != null ? exception.getMessage() : exception.sqlState();
        return exception.fatal() ? fatal(exception.sqlState(), message) : error(exception.sqlState(), message);
    }
}
