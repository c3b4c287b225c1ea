package dev.sluice.cli.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.cli.CliException;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalListenerTest {

    @Test
    void refusesToListenOnANonLoopbackAddress() {
        assertThatThrownBy(() -> LocalListener.start(new InetSocketAddress("0.0.0.0", 0), "demo", "127.0.0.1", 1,
                ProxyTrust.system(), true, () -> "unused", line -> { }))
                .isInstanceOf(CliException.class).hasMessageContaining("only listens on a loopback address");
    }

    @Test
    void aClientWithoutALoginGetsAFatalErrorInItsOwnProtocol() throws Exception {
        try (LocalListener listener = LocalListener.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "demo",
                "127.0.0.1", 1, ProxyTrust.system(), true, () -> {
                    throw new CliException(CliException.NOT_LOGGED_IN, "not logged in; run `sluice login`");
                }, line -> { });
                Socket client = new Socket(listener.address().getAddress(), listener.address().getPort())) {
            client.getOutputStream().write(Messages.sslRequest());
            DataInputStream in = new DataInputStream(client.getInputStream());
            assertThat(in.readUnsignedByte()).as("no TLS on the loopback side").isEqualTo('N');
            client.getOutputStream().write(Messages.startup(PgWire.PROTOCOL_3_0, Map.of("user", "me", "database", "demo")));

            Messages.Backend error = Messages.read(in);

            assertThat((char) error.type()).isEqualTo('E');
            String fields = new String(error.body(), StandardCharsets.UTF_8);
            assertThat(fields).contains("SFATAL").contains("C28000").contains("not logged in; run `sluice login`");
        }
    }

    @Test
    void anUnreachableProxyIsReportedToTheClientAs08001() throws Exception {
        try (LocalListener listener = LocalListener.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "demo",
                "127.0.0.1", 1, ProxyTrust.system(), true, () -> "header.eyJzdWIiOiJhbGljZSIsImV4cCI6NDEwMjQ0NDgwMH0.sig", line -> { });
                Socket client = new Socket(listener.address().getAddress(), listener.address().getPort())) {
            client.getOutputStream().write(Messages.startup(PgWire.PROTOCOL_3_0, Map.of("user", "me")));

            Messages.Backend error = Messages.read(new DataInputStream(client.getInputStream()));

            String fields = new String(error.body(), StandardCharsets.UTF_8);
            assertThat(fields).contains("C08001").contains("cannot reach the Sluice proxy at 127.0.0.1:1").doesNotContain("eyJ");
        }
    }
}
