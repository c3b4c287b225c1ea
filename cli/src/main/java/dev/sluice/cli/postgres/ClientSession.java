package dev.sluice.cli.postgres;

import dev.sluice.cli.CliException;
import dev.sluice.cli.oauth.TokenClaims;
import dev.sluice.cli.oauth.TokenSource;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One local client connection: the startup phase is answered here (no TLS, no password: the listener is loopback
 * only), the proxy connection is opened with the token as the password, then bytes are relayed both ways until
 * either side closes. Failures reach the client as a FATAL ErrorResponse.
 */
final class ClientSession implements Runnable {
    private final Socket client;
    private final String connection;
    private final ProxyConnector proxy;
    private final TokenSource tokens;
    private final Consumer<String> log;

    ClientSession(Socket client, String connection, ProxyConnector proxy, TokenSource tokens, Consumer<String> log) {
        this.client = client;
        this.connection = connection;
        this.proxy = proxy;
        this.tokens = tokens;
        this.log = log;
    }

    @Override
    public void run() {
        String peer = client.getRemoteSocketAddress().toString();
        Socket upstream = null;
        // Not try-with-resources: its close would run before the catch blocks, which still tell the client why.
        try {
            client.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
            OutputStream out = client.getOutputStream();
            StartupPacket.Startup startup = startup(in, out);
            if (startup == null) {
                return;
            }
            String token = token();
            String subject = TokenClaims.decode(token).subject();
            upstream = proxy.open();
            if (!proxy.authenticate(upstream, forProxy(startup, subject), token, out)) {
                log.accept("client " + peer + ": the proxy refused " + subject + " on connection " + connection);
                return;
            }
            out.write(Messages.authenticationOk());
            out.flush();
            log.accept("client " + peer + " connected to " + connection + " as " + subject);
            relay(in, out, upstream);
        } catch (PgWireException e) {
            log.accept("client " + peer + ": " + e.getMessage());
            tell(e.sqlState(), e.getMessage());
        } catch (CliException e) {
            log.accept("client " + peer + ": " + e.getMessage());
            tell(PgWire.INVALID_AUTHORIZATION, "sluice connect: " + e.getMessage());
        } catch (IOException e) {
            log.accept("client " + peer + ": connection ended (" + e.getMessage() + ")");
        } finally {
            if (upstream != null) {
                ProxyConnector.closeQuietly(upstream);
            }
            ProxyConnector.closeQuietly(client);
        }
    }

    /** Answers SSL and GSS requests with 'N' until the StartupMessage; a CancelRequest is forwarded and ends it. */
    private StartupPacket.Startup startup(DataInputStream in, OutputStream out) throws IOException, PgWireException {
        while (true) {
            switch (StartupReader.read(in)) {
                case StartupPacket.SslRequest request -> out.write('N');
                case StartupPacket.GssEncRequest request -> out.write('N');
                case StartupPacket.CancelRequest cancel -> {
                    proxy.cancel(cancel.key());
                    return null;
                }
                case StartupPacket.Startup startup -> {
                    return startup;
                }
            }
            out.flush();
        }
    }

    private String token() {
        return tokens.accessToken();
    }

    /** The client's parameters, with the token's subject as user and the connection as database. */
    private StartupPacket.Startup forProxy(StartupPacket.Startup startup, String subject) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", subject);
        parameters.put("database", connection);
        startup.parameters().forEach((name, value) -> {
            if (!name.equals("user") && !name.equals("database")) {
                parameters.put(name, value);
            }
        });
        return new StartupPacket.Startup(startup.protocolVersion(), parameters);
    }

    private void relay(InputStream clientIn, OutputStream clientOut, Socket upstream) throws IOException {
        InputStream proxyIn = upstream.getInputStream();
        OutputStream proxyOut = upstream.getOutputStream();
        Thread toClient = Thread.ofVirtual().name("sluice-connect-down").start(() -> {
            copy(proxyIn, clientOut);
            // The proxy ended the session (Terminate, FATAL, token expiry): end the client's side too.
            ProxyConnector.closeQuietly(client);
        });
        copy(clientIn, proxyOut);
        ProxyConnector.closeQuietly(upstream);
        try {
            toClient.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(InputStream in, OutputStream out) {
        byte[] buffer = new byte[16 * 1024];
        try {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                if (in.available() == 0) {
                    out.flush();
                }
            }
            out.flush();
        } catch (IOException e) {
            // one side closed; the caller closes the other
        }
    }

    private void tell(String sqlState, String message) {
        try {
            OutputStream out = client.getOutputStream();
            out.write(Messages.fatal(sqlState, message));
            out.flush();
        } catch (IOException e) {
            // the client is gone already
        }
    }
}
