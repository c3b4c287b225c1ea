package dev.sluice.cli.postgres;

import java.util.Map;

/** The untyped packets a PostgreSQL client may open a connection with (protocol section 55.2). */
public sealed interface StartupPacket {

    /** SSLRequest: the client asks for TLS. */
    record SslRequest() implements StartupPacket {}

    /** GSSENCRequest: the client asks for GSSAPI encryption. */
    record GssEncRequest() implements StartupPacket {}

    /** CancelRequest for the backend a key was issued for; the key is passed through, never interpreted. */
    record CancelRequest(byte[] key) implements StartupPacket {}

    /** StartupMessage with its parameters in order. */
    record Startup(int protocolVersion, Map<String, String> parameters) implements StartupPacket {
        public Startup {
            parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        }
    }
}
