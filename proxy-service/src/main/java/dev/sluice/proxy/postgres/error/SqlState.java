package dev.sluice.proxy.postgres.error;

/**
 * The SQLSTATE codes the gateway itself reports, named as in
 * <a href="https://www.postgresql.org/docs/current/errcodes-appendix.html">Appendix A, PostgreSQL Error Codes</a>.
 */
public final class SqlState {

    /** 08P01: the peer broke the wire protocol. */
    public static final String PROTOCOL_VIOLATION = "08P01";
    /** 28P01: the password (for Sluice: the gateway token) was rejected. */
    public static final String INVALID_PASSWORD = "28P01";
    /** 28000: the identity may not use the requested connection. */
    public static final String INVALID_AUTHORIZATION = "28000";
    /** 28000: PostgreSQL's own name for {@link #INVALID_AUTHORIZATION}. */
    public static final String INVALID_AUTHORIZATION_SPECIFICATION = "28000";
    /** 42501: a statement was denied by policy. */
    public static final String INSUFFICIENT_PRIVILEGE = "42501";
    /** 08006: the connection to the target failed. */
    public static final String CONNECTION_FAILURE = "08006";
    /** 08000: generic connection problem. */
    public static final String CONNECTION_EXCEPTION = "08000";
    /** 57P03: the gateway (or the target) cannot accept connections now. */
    public static final String CANNOT_CONNECT_NOW = "57P03";
    /** 57014: the statement was cancelled by the client (also while the proxy held it, e.g. for an approval). */
    public static final String QUERY_CANCELED = "57014";
    /** 57P01: the gateway is shutting down or the session was terminated by an administrator. */
    public static final String ADMIN_SHUTDOWN = "57P01";
    /** 53300: a connection limit was reached. */
    public static final String TOO_MANY_CONNECTIONS = "53300";
    /** 53400 (configuration_limit_exceeded): a limit per identity, here the statement rate, was reached. */
    public static final String CONFIGURATION_LIMIT_EXCEEDED = "53400";
    /** 0A000: a protocol feature the gateway does not relay. */
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    /** 22021: text that is not valid in the client encoding (UTF-8), or an embedded NUL. */
    public static final String CHARACTER_NOT_IN_REPERTOIRE = "22021";
    /** 54000: a message would exceed what the protocol can express (for example more than 65535 columns). */
    public static final String PROGRAM_LIMIT_EXCEEDED = "54000";
    /** XX000: a bug in the gateway. */
    public static final String INTERNAL_ERROR = "XX000";

    private SqlState() {
    }
}
