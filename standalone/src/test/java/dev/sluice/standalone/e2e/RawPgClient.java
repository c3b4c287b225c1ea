package dev.sluice.standalone.e2e;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A minimal PostgreSQL frontend for the bypass suite: sends Query messages with exactly the bytes given
 * (invalid UTF-8, embedded NULs), which drivers refuse to produce. TLS without certificate checks, which is
 * acceptable only because tests talk to the proxy on loopback
 * (<a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">message formats</a>).
 */
final class RawPgClient implements AutoCloseable {

    /** What the server answered to one Query, up to ReadyForQuery. */
    record Reply(List<String> sqlStates, int dataRows, boolean readyForQuery) {}

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawPgClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects over TLS to {@code demo} as {@code user} with {@code token} as the password. */
    static RawPgClient connect(int port, String user, String token) throws Exception {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        plain.setSoTimeout(60_000); // a hang fails the test instead of blocking the build
        plain.getOutputStream().write(ByteBuffer.allocate(8).putInt(8).putInt(80877103).array());
        int answer = plain.getInputStream().read();
        if (answer != 'S') {
            plain.close();
            throw new IOException("proxy refused TLS: " + answer);
        }
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new TrustAll()}, null);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        socket.startHandshake();
        RawPgClient client = new RawPgClient(socket);
        client.startup(user, token);
        return client;
    }

    private void startup(String user, String token) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(ByteBuffer.allocate(4).putInt(196608).array());
        for (String s : List.of("user", user, "database", "demo", "")) {
            body.write(s.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        out.write(ByteBuffer.allocate(4).putInt(body.size() + 4).array());
        body.writeTo(out);
        out.flush();
        while (true) {
            int type = in.readUnsignedByte();
            byte[] payload = payload();
            if (type == 'R' && ByteBuffer.wrap(payload).getInt() == 3) {
                byte[] password = (token + "\0").getBytes(StandardCharsets.UTF_8);
                message('p', password);
            } else if (type == 'E') {
                throw new IOException("startup failed: " + fields(payload));
            } else if (type == 'Z') {
                return;
            }
        }
    }

    /** Sends one Query message whose string is exactly {@code sql} (a NUL terminator is appended). */
    Reply query(byte[] sql) throws IOException {
        byte[] body = new byte[sql.length + 1];
        System.arraycopy(sql, 0, body, 0, sql.length);
        message('Q', body);
        List<String> states = new ArrayList<>();
        int rows = 0;
        while (true) {
            int type;
            try {
                type = in.readUnsignedByte();
            } catch (IOException e) {
                return new Reply(states, rows, false); // the connection ended
            }
            byte[] payload = payload();
            switch (type) {
                case 'E' -> {
                    states.add(fields(payload));
                    if (states.getLast().equals("08P01")) {
                        // FATAL protocol violation: the server closes the connection after it
                        return new Reply(states, rows, false);
                    }
                }
                case 'D' -> rows++;
                case 'Z' -> {
                    return new Reply(states, rows, true);
                }
                default -> { }
            }
        }
    }

    Reply query(String sql) throws IOException {
        return query(sql.getBytes(StandardCharsets.UTF_8));
    }

    private void message(char type, byte[] body) throws IOException {
        out.write(type);
        out.write(ByteBuffer.allocate(4).putInt(body.length + 4).array());
        out.write(body);
        out.flush();
    }

    private byte[] payload() throws IOException {
        int length = in.readInt();
        byte[] payload = new byte[length - 4];
        in.readFully(payload);
        return payload;
    }

    /** The SQLSTATE ('C' field) of an ErrorResponse. */
    private static String fields(byte[] payload) {
        int i = 0;
        while (i < payload.length && payload[i] != 0) {
            byte field = payload[i++];
            int end = i;
            while (payload[end] != 0) {
                end++;
            }
            if (field == 'C') {
                return new String(payload, i, end - i, StandardCharsets.UTF_8);
            }
            i = end + 1;
        }
        return "?????";
    }

    @Override
    public void close() throws IOException {
        try {
            message('X', new byte[0]);
        } catch (IOException e) {
            // already closed by the server
        }
        socket.close();
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
