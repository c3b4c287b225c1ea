package dev.sluice.cli.command;

import dev.sluice.cli.CliContext;
import dev.sluice.cli.CliException;
import dev.sluice.cli.oauth.TokenClaims;
import dev.sluice.cli.oauth.TokenSource;
import dev.sluice.cli.postgres.LocalListener;
import dev.sluice.cli.postgres.ProxyTrust;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sluice connect}: a loopback PostgreSQL listener that logs clients in to the proxy with the token. */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = {"Listen on a loopback port for PostgreSQL clients that cannot send a token.",
            "Each client (GUI tools, ORMs, psql) is connected to the Sluice proxy as you, with a fresh token. Clients "
                + "connect without TLS and without a password; anyone on this machine who can reach the port acts as you. "
                + "Ctrl-C stops."})
public final class ConnectCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONNECTION", description = "The gateway connection (the proxy's database name), e.g. demo.")
    String connection;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:0",
            description = "Loopback address to listen on (default ${DEFAULT-VALUE}: any free port).")
    String listen;

    @Option(names = "--proxy", paramLabel = "HOST:PORT", defaultValue = "${env:SLUICE_PROXY:-127.0.0.1:15432}",
            description = "The Sluice proxy's PostgreSQL listener (default $SLUICE_PROXY or ${DEFAULT-VALUE}).")
    String proxy;

    @Option(names = "--proxy-ca", paramLabel = "FILE",
            description = "PEM certificate(s) to trust for the proxy instead of the Java trust store, e.g. standalone's "
                    + "<data-dir>/tls/proxy-tls.crt.")
    Path proxyCa;

    @Option(names = "--proxy-insecure", description = "Use TLS without verifying the proxy's certificate (like sslmode=require); "
            + "for trying the demo only.")
    boolean proxyInsecure;

    @Mixin
    IdentityOptions identity;

    public ConnectCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (proxyCa != null && proxyInsecure) {
            throw new CliException(CliException.FAILURE, "give either --proxy-ca or --proxy-insecure, not both");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TokenSource tokens = identity.tokens(context);
        // Fail now, not at the first client, when there is no usable login.
        String subject = TokenClaims.decode(tokens.accessToken()).subject();
        SSLContext tls = proxyInsecure ? ProxyTrust.insecure() : proxyCa != null ? ProxyTrust.fromPem(proxyCa) : ProxyTrust.system();
        if (proxyInsecure) {
            err.println("sluice: warning: --proxy-insecure: the proxy's certificate is not verified");
        }
        HostPort proxyAddress = HostPort.parse(proxy, "--proxy");
        HostPort listenAddress = HostPort.parse(listen, "--listen");
        InetSocketAddress bind;
        try {
            bind = new InetSocketAddress(InetAddress.getByName(listenAddress.host()), listenAddress.port());
        } catch (UnknownHostException e) {
            throw new CliException(CliException.FAILURE, "--listen: unknown host " + listenAddress.host());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        LocalListener listener = LocalListener.start(bind, connection, proxyAddress.host(), proxyAddress.port(), tls, !proxyInsecure,
                tokens, line -> {
                    synchronized (err) {
                        err.println("sluice connect: " + line);
                        err.flush();
                    }
                });
        // Ctrl-C ends the JVM through its shutdown hooks: stop accepting, then let call() return.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            listener.close();
            stopped.countDown();
        }, "sluice-connect-stop"));
        try {
            InetSocketAddress address = listener.address();
            out.printf("Listening on %s:%d: connection \"%s\" as %s through the Sluice proxy at %s. Ctrl-C stops.%n",
                    address.getHostString(), address.getPort(), connection, subject, proxyAddress);
            out.printf("  psql \"host=%s port=%d dbname=%s\"%n", address.getHostString(), address.getPort(), connection);
            out.flush();
            stopped.await();
        } finally {
            listener.close();
        }
        return 0;
    }

    /** A {@code host:port} option value; IPv6 hosts in brackets. */
    record HostPort(String host, int port) {
        static HostPort parse(String value, String option) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new CliException(CliException.FAILURE, option + " must be HOST:PORT, got " + value);
            }
            String host = value.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                int port = Integer.parseInt(value.substring(colon + 1));
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return new HostPort(host, port);
            } catch (NumberFormatException e) {
                throw new CliException(CliException.FAILURE, option + ": not a port: " + value.substring(colon + 1));
            }
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
