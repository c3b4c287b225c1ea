package dev.sluice.policy.web;

import static dev.sluice.policy.web.DecisionPortWire.head;
import static dev.sluice.policy.web.DecisionPortWire.raw;
import static dev.sluice.policy.web.DecisionPortWire.read;
import static dev.sluice.policy.web.DecisionPortWire.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.policy.testing.TestProxyKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.json.JsonMapper;

/**
 * The decision port's HTTP/1.1 on the wire (RFC 9112): both body framings, {@code Expect: 100-continue}, keep-alive
 * rules, pipelining, requests arriving a byte at a time, and a JSON refusal followed by the end of the connection for
 * every head or body it will not take.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=policy-service", "server.address=127.0.0.1", TestProxyKey.PROPERTY,
        "sluice.policy.decision-listener.max-request-size=300KB", "sluice.policy.decision-listener.inline-limit=8KB"})
class DecisionPortProtocolTest {

    private static final String DROP = request("bob", "analysts", "DROP TABLE customers");

    @Autowired
    DecisionListener listener;

    private final JsonMapper json = JsonMapper.builder().build();

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", listener.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private String effect(DecisionPortWire.Response response) {
        assertThat(response).isNotNull();
        assertThat(response.status()).isEqualTo(200);
        return json.readTree(response.body()).path("effect").asString();
    }

    /** Asserts a JSON refusal with this status and error, after which the port ends the connection. */
    private void assertRefusedAndClosed(Socket socket, int status, String error) throws IOException {
        InputStream in = socket.getInputStream();
        DecisionPortWire.Response response = read(in);
        assertThat(response).isNotNull();
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.headers()).containsEntry("content-type", "application/json").containsEntry("connection", "close");
        assertThat(json.readTree(response.body()).path("error").asString()).isEqualTo(error);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void decidesChunkedBodiesSplitAnywhere() throws Exception {
        byte[] body = DROP.getBytes(StandardCharsets.UTF_8);
        int cut = body.length / 3;
        try (Socket socket = connect()) {
            write(socket, head("Transfer-Encoding: chunked\r\n") + "\r\n"
                    + Integer.toHexString(cut) + ";note=first\r\n" + new String(body, 0, cut, StandardCharsets.UTF_8) + "\r\n"
                    + Integer.toHexString(body.length - cut) + "\r\n" + new String(body, cut, body.length - cut, StandardCharsets.UTF_8)
                    + "\r\n0\r\nX-Trailer: ignored\r\n\r\n");
            assertThat(effect(read(socket.getInputStream()))).isEqualTo("DENY");
        }
    }

    @Test
    void decidesARequestThatArrivesOneByteAtATime() throws Exception {
        try (Socket socket = connect()) {
            socket.setTcpNoDelay(true);
            for (byte b : raw(DROP).getBytes(StandardCharsets.UTF_8)) {
                socket.getOutputStream().write(b);
                socket.getOutputStream().flush();
            }
            assertThat(effect(read(socket.getInputStream()))).isEqualTo("DENY");
        }
    }

    @Test
    void answers100ContinueBeforeReadingTheBody() throws Exception {
        int length = DROP.getBytes(StandardCharsets.UTF_8).length;
        try (Socket socket = connect()) {
            write(socket, head("Expect: 100-continue\r\nContent-Length: " + length + "\r\n") + "\r\n");
            byte[] interim = socket.getInputStream().readNBytes(HttpAnswer.CONTINUE.length);
            assertThat(new String(interim, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            write(socket, DROP);
            assertThat(effect(read(socket.getInputStream()))).isEqualTo("DENY");
        }
    }

    @Test
    void answersAHundredPipelinedRequestsInOrder() throws Exception {
        StringBuilder pipelined = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            pipelined.append(raw(i % 2 == 0 ? DROP : request("alice", "dba", "SELECT " + i)));
        }
        try (Socket socket = connect()) {
            write(socket, pipelined.toString());
            for (int i = 0; i < 100; i++) {
                assertThat(effect(read(socket.getInputStream()))).isEqualTo(i % 2 == 0 ? "DENY" : "ALLOW");
            }
        }
    }

    @Test
    void closesAfterAnsweringWhenTheCallerAsks() throws Exception {
        try (Socket socket = connect()) {
            write(socket, head("Connection: close\r\nContent-Length: " + DROP.length() + "\r\n") + "\r\n" + DROP);
            DecisionPortWire.Response response = read(socket.getInputStream());
            assertThat(effect(response)).isEqualTo("DENY");
            assertThat(response.headers()).containsEntry("connection", "close");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        try (Socket socket = connect()) {
            write(socket, raw(DROP).replace("HTTP/1.1", "HTTP/1.0"));
            assertThat(effect(read(socket.getInputStream()))).isEqualTo("DENY");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        try (Socket socket = connect()) {
            String keepAlive = head("Connection: keep-alive\r\nContent-Length: " + DROP.length() + "\r\n").replace("HTTP/1.1", "HTTP/1.0")
                    + "\r\n" + DROP;
            write(socket, keepAlive + keepAlive);
            DecisionPortWire.Response first = read(socket.getInputStream());
            assertThat(effect(first)).isEqualTo("DENY");
            assertThat(first.headers()).containsEntry("connection", "keep-alive");
            assertThat(effect(read(socket.getInputStream()))).isEqualTo("DENY");
        }
    }

    @Test
    void dropsWhatWasPipelinedBehindARefusal() throws Exception {
        try (Socket socket = connect()) {
            write(socket, raw(DROP).replace(TestProxyKey.HEADER, TestProxyKey.HEADER + "x") + raw(DROP));
            assertRefusedAndClosed(socket, 401, "unauthorized");
        }
    }

    @Test
    void refusesHeadsItCannotParse() throws Exception {
        try (Socket socket = connect()) {
            write(socket, "HELLO\r\n\r\n");
            assertRefusedAndClosed(socket, 400, "malformed_request");
        }
        try (Socket socket = connect()) {
            write(socket, head(" folded: header\r\n") + "\r\n");
            assertRefusedAndClosed(socket, 400, "malformed_request");
        }
        try (Socket socket = connect()) {
            write(socket, raw(DROP).replace("HTTP/1.1", "HTTP/2.0"));
            assertRefusedAndClosed(socket, 505, "http_version_not_supported");
        }
        try (Socket socket = connect()) {
            write(socket, "POST /v1/decisions?" + "a".repeat(5000) + " HTTP/1.1\r\n\r\n");
            assertRefusedAndClosed(socket, 414, "uri_too_long");
        }
        try (Socket socket = connect()) {
            write(socket, head("X-Padding: " + "p".repeat(9000) + "\r\n"));
            assertRefusedAndClosed(socket, 431, "headers_too_large");
        }
    }

    @Test
    void refusesAmbiguousOrUnsupportedFraming() throws Exception {
        try (Socket socket = connect()) {
            // both framings: the classic request-smuggling shape
            write(socket, head("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n") + "\r\n0\r\n\r\n");
            assertRefusedAndClosed(socket, 400, "malformed_request");
        }
        try (Socket socket = connect()) {
            write(socket, head("Content-Length: 5\r\nContent-Length: 6\r\n") + "\r\n");
            assertRefusedAndClosed(socket, 400, "malformed_request");
        }
        try (Socket socket = connect()) {
            write(socket, head("Transfer-Encoding: gzip, chunked\r\n") + "\r\n");
            assertRefusedAndClosed(socket, 501, "not_implemented");
        }
        try (Socket socket = connect()) {
            write(socket, head("Transfer-Encoding: chunked\r\n") + "\r\nzz\r\n");
            assertRefusedAndClosed(socket, 400, "malformed_request");
        }
        try (Socket socket = connect()) {
            write(socket, head("Expect: something-else\r\nContent-Length: 2\r\n") + "\r\n{}");
            assertRefusedAndClosed(socket, 417, "expectation_failed");
        }
    }

    @Test
    void refusesBodiesOverTheLimitBeforeBufferingThem() throws Exception {
        try (Socket socket = connect()) {
            write(socket, head("Content-Length: " + 400 * 1024 + "\r\n") + "\r\n");
            assertRefusedAndClosed(socket, 413, "request_too_large"); // answered on the head alone
        }
        try (Socket socket = connect()) {
            write(socket, head("Transfer-Encoding: chunked\r\n") + "\r\n" + Integer.toHexString(400 * 1024) + "\r\n");
            assertRefusedAndClosed(socket, 413, "request_too_large"); // answered on the chunk size
        }
    }

    @Test
    void readsAndDropsTheRestOfARefusedBodyInsteadOfResettingTheCaller() throws Exception {
        try (Socket socket = connect()) {
            // more than the kernel buffers of both ends hold, so most of it is sent after the refusal
            byte[] megabyte = new byte[1024 * 1024];
            java.util.Arrays.fill(megabyte, (byte) 'x');
            int megabytes = 64;
            var failure = new java.util.concurrent.atomic.AtomicReference<IOException>();
            Thread sender = Thread.ofVirtual().start(() -> {
                try {
                    write(socket, head("Content-Length: " + megabytes * megabyte.length + "\r\n") + "\r\n");
                    for (int i = 0; i < megabytes; i++) {
                        socket.getOutputStream().write(megabyte);
                    }
                    socket.getOutputStream().flush();
                } catch (IOException e) {
                    failure.set(e); // a reset: the port closed with the body unread
                }
            });
            assertRefusedAndClosed(socket, 413, "request_too_large");
            assertThat(sender.join(java.time.Duration.ofSeconds(10))).isTrue();
            assertThat(failure.get()).isNull();
        }
    }
}
