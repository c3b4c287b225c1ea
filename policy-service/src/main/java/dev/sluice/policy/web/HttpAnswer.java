package dev.sluice.policy.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One answer on the decision port, encoded as an HTTP/1.1 response (RFC 9112 section 4): always a JSON body with its
 * Content-Length. A refusal closes the connection after it is written.
 *
 * @param header an extra header field (WWW-Authenticate, Allow), or {@code null}
 */
record HttpAnswer(int status, byte[] body, String header, String value, boolean close) {

    /** Written before the body of a request that asked for it (RFC 9110 section 10.1.1). */
    static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    static HttpAnswer refusal(int status, byte[] body, String header, String value) {
        return new HttpAnswer(status, body, header, value, true);
    }

    /** The status line and header section; the body follows unchanged. */
    ByteBuffer head(boolean http10KeepAlive) {
        StringBuilder head = new StringBuilder(128).append("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                .append("\r\nContent-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        if (header != null) {
            head.append(header).append(": ").append(value).append("\r\n");
        }
        if (close) {
            head.append("Connection: close\r\n");
        } else if (http10KeepAlive) {
            head.append("Connection: keep-alive\r\n");
        }
        return ByteBuffer.wrap(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 417 -> "Expectation Failed";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status";
        };
    }
}
