package dev.sluice.proxy.postgres.message;

/**
 * An authentication request the gateway does not implement (Kerberos, GSSAPI, SSPI, ...).
 *
 * <p>Any data following the code (for example of AuthenticationGSSContinue) is not kept.
 *
 * @param code the authentication request code
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record AuthenticationOther(int code) implements BackendMessage {
}
