package dev.sluice.proxy.postgres.codec;

import dev.sluice.proxy.postgres.message.FrontendMessage;
import dev.sluice.proxy.postgres.message.GssEncRequest;
import dev.sluice.proxy.postgres.message.SslRequest;
import dev.sluice.proxy.postgres.message.StartupMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A loopback relay between a real client and a real server that frames both directions with
 * {@link PgFrameReader} and keeps a copy of every frame, in the order it was forwarded.
 */
final class CaptureTee implements AutoCloseable {

    enum Direction { STARTUP, FRONTEND, BACKEND }

    record Captured(Direction direction, byte[] frame) {
    }

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Captured> frames = Collections.synchronizedList(new ArrayList<>());
    private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());

    CaptureTee(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("capture-accept").start(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    List<Captured> frames() {
        synchronized (frames) {
            return List.copyOf(frames);
        }
    }

    List<Throwable> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                Thread.ofPlatform().daemon().name("capture-client").start(() -> relayClient(client, server));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relayClient(Socket client, Socket server) {
        try (client; server) {
            InputStream fromClient = client.getInputStream();
            OutputStream toServer = server.getOutputStream();
            PgFrameReader reader = new PgFrameReader(fromClient, Frames.MAX, 8192);
            while (true) {
                if (!reader.readStartupFrame()) {
                    return;
                }
                forward(reader, Direction.STARTUP, toServer);
                FrontendMessage startup = FrontendDecoder.decodeStartup(
                        reader.array(), reader.payloadOffset(), reader.payloadLength());
                if (startup instanceof SslRequest || startup instanceof GssEncRequest) {
                    // The answer is a single unframed byte ('N' here: the server has no TLS).
                    int answer = server.getInputStream().read();
                    client.getOutputStream().write(answer);
                    continue;
                }
                if (!(startup instanceof StartupMessage)) {
                    server.getInputStream().transferTo(client.getOutputStream());
                    return;
                }
                break;
            }
            Thread backend = Thread.ofPlatform().daemon().name("capture-server")
                    .start(() -> relayServer(server, client));
            while (reader.readFrame()) {
                forward(reader, Direction.FRONTEND, toServer);
            }
            server.shutdownOutput();
            backend.join(10_000);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (!listener.isClosed()) {
                failures.add(e);
            }
        }
    }

    private void relayServer(Socket server, Socket client) {
        try {
            PgFrameReader reader = new PgFrameReader(server.getInputStream(), Frames.MAX, 8192);
            OutputStream toClient = client.getOutputStream();
            while (reader.readFrame()) {
                forward(reader, Direction.BACKEND, toClient);
            }
            client.shutdownOutput();
        } catch (IOException | RuntimeException e) {
            if (!listener.isClosed() && !client.isClosed()) {
                failures.add(e);
            }
        }
    }

    private void forward(PgFrameReader reader, Direction direction, OutputStream out) throws IOException {
        frames.add(new Captured(direction, Frames.currentFrame(reader)));
        out.write(reader.array(), reader.frameOffset(), reader.frameLength());
        if (!reader.hasCompleteFrameBuffered()) {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (sockets) {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
