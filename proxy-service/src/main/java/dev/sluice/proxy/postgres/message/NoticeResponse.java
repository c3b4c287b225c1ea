package dev.sluice.proxy.postgres.message;

import java.util.Map;

/**
 * NoticeResponse: a warning or informational message that does not end the command.
 *
 * @param fields the fields in wire order (unmodifiable copy)
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-NOTICERESPONSE">NoticeResponse</a>
 */
public record NoticeResponse(Map<Byte, String> fields) implements BackendMessage, NoticeFields {

    public NoticeResponse {
        fields = NoticeFields.copyOf(fields);
    }

    /** A notice with the severity (localized and not), SQLSTATE and message fields. */
    public static NoticeResponse of(String severity, String sqlState, String message) {
        return new NoticeResponse(NoticeFields.basic(severity, sqlState, message));
    }
}
