package dev.sluice.proxy.core;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a {@link ProtocolConnection} through its lifecycle; the single place failures become refusals. */
public final class ConnectionLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLifecycle.class);

    private ConnectionLifecycle() {}

    /** Drives the connection from startup to close. */
    public static void run(ProtocolConnection connection) {
        try {
            if (!connection.startup()) {
                return;
            }
            connection.authenticate();
            connection.authorize();
            connection.connectUpstream();
            connection.makeClientReady();
            connection.relay();
        } catch (IOException e) {
            // The peer went away or the socket broke: nothing can be sent any more.
            log.debug("connection ended by I/O failure: {}", e.toString());
        } catch (RuntimeException e) {
            connection.refuse(e);
        } finally {
            connection.close();
        }
    }
}
