package dev.sluice.proxy.core;

import java.io.IOException;

/**
 * The one lifecycle every protocol frontend implements, driven by {@link ConnectionLifecycle}: read the
 * client's opening, authenticate it with a Sluice token, ask policy whether it may connect, open the
 * target with the credential only the proxy holds, tell the client it is ready, then relay commands,
 * deciding each one. Failures at any step reach {@link #refuse(Throwable)}, which answers in the
 * protocol's own wire format.
 */
public interface ProtocolConnection {

    /** Reads the client's opening messages; false when the connection needs no session (e.g. a cancel request). */
    boolean startup() throws IOException;

    /** Verifies the client's token and establishes its identity. */
    void authenticate() throws IOException;

    /** Asks policy whether the identity may open the requested connection. */
    void authorize() throws IOException;

    /** Connects and authenticates to the target with the stored credential. */
    void connectUpstream() throws IOException;

    /** Tells the client the session is ready. */
    void makeClientReady() throws IOException;

    /** Relays commands until either side ends the session. */
    void relay() throws IOException;

    /** Sends the client a refusal for this failure in the protocol's wire format; best effort, never throws. */
    void refuse(Throwable failure);

    /** Releases sockets and records the end of the session; never throws. */
    void close();
}
