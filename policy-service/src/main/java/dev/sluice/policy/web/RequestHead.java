package dev.sluice.policy.web;

import java.nio.charset.StandardCharsets;

/**
 * The head of one HTTP/1.1 request on the decision port (RFC 9112 sections 3 and 5): request line and the few header
 * fields the port acts on. Parsed from the connection's buffer by {@link #parse}, which checks the line and header
 * sizes before anything is kept, so a caller cannot make the port hold an unbounded head.
 *
 * @param contentLength     the declared body length, -1 when there is none
 * @param chunked           whether the body comes in chunks ({@code Transfer-Encoding: chunked})
 * @param keepAlive         whether the connection stays open after the answer (HTTP/1.1 unless {@code Connection:
 *                          close}; HTTP/1.0 only with {@code Connection: keep-alive})
 * @param expectContinue    whether the caller waits for {@code 100 Continue} before sending the body
 */
record RequestHead(String method, String target, boolean http10, String authorization, String contentType,
        long contentLength, boolean chunked, boolean keepAlive, boolean expectContinue) {

    /** What {@link #parse} found in the buffer. */
    sealed interface Parse {}

    /** The head is not complete yet: read more. */
    record Incomplete() implements Parse {}

    /** A complete head ending (blank line included) at {@code end}. */
    record Parsed(RequestHead head, int end) implements Parse {}

    /** A head that cannot be accepted: answered with this status and error, then the connection closes. */
    record Malformed(int status, String error, String message) implements Parse {}

    private static final Incomplete INCOMPLETE = new Incomplete();

    /**
     * Parses the head starting at {@code from} in {@code bytes[from, to)}.
     *
     * @param maxLine    longest request line (414 over it)
     * @param maxHeaders largest header section (431 over it)
     */
    static Parse parse(byte[] bytes, int from, int to, int maxLine, int maxHeaders) {
        int lineEnd = indexOf(bytes, from, Math.min(to, from + maxLine + 2), (byte) '\n');
        if (lineEnd < 0) {
            return to - from > maxLine + 1 ? new Malformed(414, "uri_too_long", "the request line is too long") : INCOMPLETE;
        }
        int headersStart = lineEnd + 1;
        int limit = Math.min(to, headersStart + maxHeaders + 2);
        int end = -1;
        for (int at = headersStart; at < limit; ) {
            int eol = indexOf(bytes, at, limit, (byte) '\n');
            if (eol < 0) {
                break;
            }
            if (eol == at || (eol == at + 1 && bytes[at] == '\r')) {
                end = eol + 1;
                break;
            }
            at = eol + 1;
        }
        if (end < 0) {
            return to - headersStart > maxHeaders + 1 ? new Malformed(431, "headers_too_large", "the request headers are too large") : INCOMPLETE;
        }
        return head(bytes, from, lineEnd, headersStart, end);
    }

    private static Parse head(byte[] bytes, int from, int lineEnd, int headersStart, int end) {
        String line = text(bytes, from, lineEnd);
        int first = line.indexOf(' ');
        int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
        if (first <= 0 || second <= first + 1 || line.indexOf(' ', second + 1) >= 0 || !token(line, 0, first)) {
            return malformed();
        }
        String version = line.substring(second + 1);
        if (!version.startsWith("HTTP/1.")) {
            return version.startsWith("HTTP/") ? new Malformed(505, "http_version_not_supported", "this port speaks HTTP/1.1")
                    : malformed();
        }
        boolean http10 = version.equals("HTTP/1.0");
        if (!http10 && !version.equals("HTTP/1.1")) {
            return new Malformed(505, "http_version_not_supported", "this port speaks HTTP/1.1");
        }
        String authorization = null;
        String contentType = null;
        String connection = null;
        String transferEncoding = null;
        String expect = null;
        long contentLength = -1;
        for (int at = headersStart; at < end; ) {
            int eol = indexOf(bytes, at, end, (byte) '\n');
            String field = text(bytes, at, eol);
            at = eol + 1;
            if (field.isEmpty()) {
                break;
            }
            int colon = field.indexOf(':');
            if (colon <= 0 || !token(field, 0, colon)) {
                return malformed(); // includes obsolete line folding (a field starting with white space)
            }
            String name = field.substring(0, colon);
            String value = field.substring(colon + 1).strip();
            switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "authorization" -> authorization = value;
                case "content-type" -> contentType = value;
                case "connection" -> connection = connection == null ? value : connection + "," + value;
                case "transfer-encoding" -> transferEncoding = transferEncoding == null ? value : transferEncoding + "," + value;
                case "expect" -> expect = value;
                case "content-length" -> {
                    long length = length(value);
                    if (length < 0 || (contentLength >= 0 && contentLength != length)) {
                        return malformed();
                    }
                    contentLength = length;
                }
                default -> { }
            }
        }
        boolean chunked = false;
        if (transferEncoding != null) {
            if (contentLength >= 0 || http10) {
                return malformed(); // both framings (a smuggling attempt), or chunks HTTP/1.0 does not have
            }
            if (!transferEncoding.equalsIgnoreCase("chunked")) {
                return new Malformed(501, "not_implemented", "the only transfer coding accepted is chunked");
            }
            chunked = true;
        }
        boolean keepAlive = http10 ? hasToken(connection, "keep-alive") : !hasToken(connection, "close");
        boolean expectContinue = false;
        if (expect != null) {
            if (!expect.equalsIgnoreCase("100-continue")) {
                return new Malformed(417, "expectation_failed", "only Expect: 100-continue is understood");
            }
            expectContinue = !http10;
        }
        return new Parsed(new RequestHead(line.substring(0, first), line.substring(first + 1, second), http10, authorization,
                contentType, contentLength, chunked, keepAlive, expectContinue), end);
    }

    /** Whether a body follows the head. */
    boolean hasBody() {
        return chunked || contentLength > 0;
    }

    private static Malformed malformed() {
        return new Malformed(400, "malformed_request", "not a valid HTTP/1.1 request");
    }

    /** The text of a line without its line ending; Latin-1, so that every byte stays one character. */
    private static String text(byte[] bytes, int from, int eol) {
        int end = eol > from && bytes[eol - 1] == '\r' ? eol - 1 : eol;
        return new String(bytes, from, end - from, StandardCharsets.ISO_8859_1);
    }

    /** A Content-Length value: digits only, at most 18 of them; -1 otherwise. */
    private static long length(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return -1;
        }
        long length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            length = length * 10 + (c - '0');
        }
        return length;
    }

    /** RFC 9110 section 5.6.2 token characters only. */
    private static boolean token(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return to > from;
    }

    private static boolean hasToken(String list, String token) {
        if (list == null) {
            return false;
        }
        for (String part : list.split(",")) {
            if (part.strip().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
