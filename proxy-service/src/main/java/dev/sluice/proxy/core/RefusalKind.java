package dev.sluice.proxy.core;

/** Why the gateway refuses a connection or a command; each protocol maps it to its own wire code. */
public enum RefusalKind {
    /** The credential (token) is missing, malformed, expired or not trusted. */
    AUTHENTICATION,
    /** The identity is known but policy does not let it connect. */
    AUTHORIZATION,
    /** Cleartext credentials over an unencrypted, non-loopback connection. */
    TRANSPORT_SECURITY,
    /** The client broke the protocol. */
    PROTOCOL,
    /** The target cannot be reached or refused the proxy's credential. */
    UPSTREAM_UNAVAILABLE,
    /** A limit (connections, rate) is exceeded. */
    LIMIT,
    /** The connection name is not configured. */
    UNKNOWN_CONNECTION,
    /** The gateway is shutting down. */
    SHUTDOWN,
    /** A gateway fault that is not the client's doing. */
    INTERNAL
}
