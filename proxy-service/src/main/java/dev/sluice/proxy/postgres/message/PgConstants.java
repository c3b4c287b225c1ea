package dev.sluice.proxy.postgres.message;

/**
 * Wire constants of the PostgreSQL frontend/backend protocol 3.0, named after
 * <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Section 53.7, Message Formats</a>
 * and <a href="https://www.postgresql.org/docs/current/protocol-error-fields.html">Section 53.8, Error and Notice
 * Message Fields</a>.
 *
 * <p>Several type bytes are shared between the two directions (for example {@code 'D'} is Describe from the
 * client and DataRow from the server), so each constant carries the message name, not the letter.
 */
public final class PgConstants {

    /** Protocol 3.0 as sent in StartupMessage: major 3 in the high 16 bits, minor 0 in the low 16 bits. */
    public static final int PROTOCOL_VERSION = 196608;
    /** The only protocol major version the gateway speaks. */
    public static final int PROTOCOL_MAJOR = 3;
    /** The request code of SSLRequest (1234 &lt;&lt; 16 | 5679). */
    public static final int SSL_REQUEST_CODE = 80877103;
    /** The request code of GSSENCRequest (1234 &lt;&lt; 16 | 5680). */
    public static final int GSSENC_REQUEST_CODE = 80877104;
    /** The request code of CancelRequest (1234 &lt;&lt; 16 | 5678). */
    public static final int CANCEL_REQUEST_CODE = 80877102;
    /** The server's own limit on a startup packet (MAX_STARTUP_PACKET_LENGTH in PostgreSQL's pqcomm.h). */
    public static final int MAX_STARTUP_PACKET_LENGTH = 10000;

    // Frontend message types.
    public static final byte BIND = 'B';
    public static final byte CLOSE = 'C';
    public static final byte COPY_FAIL = 'f';
    public static final byte DESCRIBE = 'D';
    public static final byte EXECUTE = 'E';
    public static final byte FLUSH = 'H';
    public static final byte FUNCTION_CALL = 'F';
    public static final byte PARSE = 'P';
    /** PasswordMessage, and also GSSResponse, SASLInitialResponse and SASLResponse: the same type byte. */
    public static final byte PASSWORD_MESSAGE = 'p';
    public static final byte QUERY = 'Q';
    public static final byte SYNC = 'S';
    public static final byte TERMINATE = 'X';

    // Sent in both directions.
    public static final byte COPY_DATA = 'd';
    public static final byte COPY_DONE = 'c';

    // Backend message types.
    /** Every Authentication* message; the Int32 after the length says which one. */
    public static final byte AUTHENTICATION = 'R';
    public static final byte BACKEND_KEY_DATA = 'K';
    public static final byte BIND_COMPLETE = '2';
    public static final byte CLOSE_COMPLETE = '3';
    public static final byte COMMAND_COMPLETE = 'C';
    public static final byte COPY_IN_RESPONSE = 'G';
    public static final byte COPY_OUT_RESPONSE = 'H';
    public static final byte COPY_BOTH_RESPONSE = 'W';
    public static final byte DATA_ROW = 'D';
    public static final byte EMPTY_QUERY_RESPONSE = 'I';
    public static final byte ERROR_RESPONSE = 'E';
    public static final byte FUNCTION_CALL_RESPONSE = 'V';
    public static final byte NEGOTIATE_PROTOCOL_VERSION = 'v';
    public static final byte NO_DATA = 'n';
    public static final byte NOTICE_RESPONSE = 'N';
    public static final byte NOTIFICATION_RESPONSE = 'A';
    public static final byte PARAMETER_DESCRIPTION = 't';
    public static final byte PARAMETER_STATUS = 'S';
    public static final byte PARSE_COMPLETE = '1';
    public static final byte PORTAL_SUSPENDED = 's';
    public static final byte READY_FOR_QUERY = 'Z';
    public static final byte ROW_DESCRIPTION = 'T';

    // Authentication request codes (the Int32 after the length of an 'R' message).
    public static final int AUTH_OK = 0;
    public static final int AUTH_KERBEROS_V5 = 2;
    public static final int AUTH_CLEARTEXT_PASSWORD = 3;
    public static final int AUTH_MD5_PASSWORD = 5;
    public static final int AUTH_GSS = 7;
    public static final int AUTH_GSS_CONTINUE = 8;
    public static final int AUTH_SSPI = 9;
    public static final int AUTH_SASL = 10;
    public static final int AUTH_SASL_CONTINUE = 11;
    public static final int AUTH_SASL_FINAL = 12;

    // Transaction status indicators of ReadyForQuery.
    public static final byte IDLE = 'I';
    public static final byte IN_TRANSACTION = 'T';
    public static final byte FAILED = 'E';

    // Describe and Close targets.
    public static final byte TARGET_STATEMENT = 'S';
    public static final byte TARGET_PORTAL = 'P';

    // Format codes.
    public static final short FORMAT_TEXT = 0;
    public static final short FORMAT_BINARY = 1;

    // Error and notice field codes (Section 53.8).
    public static final byte FIELD_SEVERITY = 'S';
    public static final byte FIELD_SEVERITY_NONLOCALIZED = 'V';
    public static final byte FIELD_CODE = 'C';
    public static final byte FIELD_MESSAGE = 'M';
    public static final byte FIELD_DETAIL = 'D';
    public static final byte FIELD_HINT = 'H';
    public static final byte FIELD_POSITION = 'P';
    public static final byte FIELD_INTERNAL_POSITION = 'p';
    public static final byte FIELD_INTERNAL_QUERY = 'q';
    public static final byte FIELD_WHERE = 'W';
    public static final byte FIELD_SCHEMA_NAME = 's';
    public static final byte FIELD_TABLE_NAME = 't';
    public static final byte FIELD_COLUMN_NAME = 'c';
    public static final byte FIELD_DATA_TYPE_NAME = 'd';
    public static final byte FIELD_CONSTRAINT_NAME = 'n';
    public static final byte FIELD_FILE = 'F';
    public static final byte FIELD_LINE = 'L';
    public static final byte FIELD_ROUTINE = 'R';

    private PgConstants() {
    }
}
