package dev.sluice.cli.postgres;

/**
 * The few PostgreSQL wire protocol constants the loopback connector needs
 * (<a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">protocol message formats</a>).
 */
public final class PgWire {
    private PgWire() {}

    /** Protocol 3.0 in a StartupMessage. */
    public static final int PROTOCOL_3_0 = 196608;
    /** SSLRequest code (section 55.2.10). */
    public static final int SSL_REQUEST_CODE = 80877103;
    /** GSSENCRequest code. */
    public static final int GSSENC_REQUEST_CODE = 80877104;
    /** CancelRequest code (section 55.2.8). */
    public static final int CANCEL_REQUEST_CODE = 80877102;
    /** The server's own limit for startup packets (postmaster's MAX_STARTUP_PACKET_LENGTH). */
    public static final int MAX_STARTUP_PACKET_LENGTH = 10000;
    /** Backend messages before authentication completes are small (errors, auth requests): a generous bound. */
    public static final int MAX_HANDSHAKE_MESSAGE_LENGTH = 64 * 1024;

    /** 'R': Authentication* messages. */
    public static final byte AUTHENTICATION = 'R';
    /** 'E': ErrorResponse. */
    public static final byte ERROR_RESPONSE = 'E';
    /** 'v': NegotiateProtocolVersion. */
    public static final byte NEGOTIATE_PROTOCOL_VERSION = 'v';
    /** 'p': PasswordMessage. */
    public static final byte PASSWORD_MESSAGE = 'p';
    /** AuthenticationOk. */
    public static final int AUTH_OK = 0;
    /** AuthenticationCleartextPassword: how the Sluice proxy asks for the token. */
    public static final int AUTH_CLEARTEXT_PASSWORD = 3;

    /** SQLSTATE 08001 sqlclient_unable_to_establish_sqlconnection. */
    public static final String UNABLE_TO_CONNECT = "08001";
    /** SQLSTATE 08P01 protocol_violation. */
    public static final String PROTOCOL_VIOLATION = "08P01";
    /** SQLSTATE 28000 invalid_authorization_specification. */
    public static final String INVALID_AUTHORIZATION = "28000";
    /** SQLSTATE 0A000 feature_not_supported. */
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
}
