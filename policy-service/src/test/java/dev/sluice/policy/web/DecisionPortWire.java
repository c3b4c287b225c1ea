package dev.sluice.policy.web;

import dev.sluice.policy.testing.TestProxyKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Raw HTTP/1.1 on the decision port, for tests that need exact bytes on the wire (pipelining, framing, limits). */
final class DecisionPortWire {

    /** A response read off the socket; header names in lower case. */
    record Response(int status, Map<String, String> headers, String body) {}

    private DecisionPortWire() {}

    /** A decision request body for one statement. */
    static String request(String subject, String group, String sql) {
        return """
                {"sessionId":"s-1","identity":{"subject":"%s","groups":["%s"],"kind":"human"},
                 "connection":{"name":"demo","protocol":"postgres","tags":{"env":"demo"}},
                 "command":{"type":"query","text":"%s","attributes":{}},"clientAddress":"127.0.0.1"}
                """.formatted(subject, group, sql);
    }

    /** A complete request with the gateway key and a Content-Length. */
    static String raw(String body) {
        return head("") + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    /** The request line and standard header fields, plus {@code extra} (each field ending in CRLF), without the blank line. */
    static String head(String extra) {
        return "POST /v1/decisions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: "
                + TestProxyKey.HEADER + "\r\n" + extra;
    }

    /** Reads one response framed by Content-Length, or null when the connection ended first. */
    static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers,
                new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }
}
